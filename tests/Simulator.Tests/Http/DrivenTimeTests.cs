using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Seamless.Core.Time;
using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Tests.Http;

/// <summary>
/// <c>--driven-time</c>: the simulator's clock stands still until its caller moves it (a header on every call, or
/// <c>POST /_sim/clock</c>), never back, and the simulated time serving a call takes is owed to the caller.
/// </summary>
public sealed class DrivenTimeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private SimulatorHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorOptions { DrivenTime = true, Start = Start, Seed = 1 });
        _client = new HttpClient { BaseAddress = _host.BaseAddress };
        _client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "test-token");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Clock_NothingMovesIt_StandsStillAndSaysItIsDriven()
    {
        await Task.Delay(300);

        var clock = await _client.GetFromJsonAsync<JsonElement>("_sim/clock");

        clock.GetProperty("driven").GetBoolean().ShouldBeTrue();
        clock.GetProperty("now").GetDateTimeOffset().ShouldBe(Start);
    }

    [Fact]
    public async Task Call_WithTheCallersTime_MovesTheClockThereFirstButNeverBack()
    {
        using (var later = Get($"subscriptions/{Sub}/resourceGroups/{Group}/providers/Microsoft.Web/sites/{DefaultFleet.SiteName}?api-version=2024-04-01", Start.AddMinutes(7)))
        {
            var response = await _client.SendAsync(later);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var stale = Get("_sim/state", Start.AddMinutes(2)))
        {
            var state = await (await _client.SendAsync(stale)).Content.ReadFromJsonAsync<JsonElement>();
            state.GetProperty("now").GetDateTimeOffset().ShouldBe(Start.AddMinutes(7), "a call sent before the caller's last jump moves nothing");
        }
    }

    [Fact]
    public async Task PostClock_LaterThenEarlierThenBadBody_MovesForwardOnlyAndRefusesTheBadBody()
    {
        var moved = await _client.PostAsJsonAsync("_sim/clock", new { now = Start.AddHours(1) });
        (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("now").GetDateTimeOffset().ShouldBe(Start.AddHours(1));

        var back = await _client.PostAsJsonAsync("_sim/clock", new { now = Start });
        (await back.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("now").GetDateTimeOffset().ShouldBe(Start.AddHours(1));

        var bad = await _client.PostAsync("_sim/clock", new StringContent("{\"now\":\"soon\"}", System.Text.Encoding.UTF8, "application/json"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("Expected { now }");
    }

    [Fact]
    public async Task Probe_SiteTakesTime_AnswersAtOnceAndOwesThatTimeToTheCaller()
    {
        using var probe = Get("_sim/web/app-demo.azurewebsites.net/", Start.AddMinutes(1));

        var response = await _client.SendAsync(probe);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        double latencyMs = double.Parse(response.Headers.GetValues("x-ms-latency-ms").Single(), CultureInfo.InvariantCulture);
        latencyMs.ShouldBeGreaterThan(0);
        var owed = TimeSpan.ParseExact(response.Headers.GetValues(DrivenClock.LatencyHeader).Single(), "c", CultureInfo.InvariantCulture);
        owed.TotalMilliseconds.ShouldBe(latencyMs, 0.001);
        _host.State.Now.ShouldBe(Start.AddMinutes(1), "the owed time is the caller's to wait");
    }

    [Fact]
    public async Task PostClock_ClockRunsByItself_ConflictNamingTheFlag()
    {
        await using var scaled = await SimulatorHost.StartAsync(new SimulatorOptions { TimeScale = 60, Start = Start });
        using var client = new HttpClient { BaseAddress = scaled.BaseAddress };

        var response = await client.PostAsJsonAsync("_sim/clock", new { now = Start.AddHours(1) });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("--driven-time");
        (await client.GetFromJsonAsync<JsonElement>("_sim/clock")).GetProperty("driven").GetBoolean().ShouldBeFalse();
    }

    private static string Sub => DefaultFleet.SiteId.Split('/')[2];

    private static string Group => DefaultFleet.SiteId.Split('/')[4];

    private static HttpRequestMessage Get(string path, DateTimeOffset callerNow)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add(DrivenClock.NowHeader, callerNow.ToString("O", CultureInfo.InvariantCulture));
        return request;
    }
}
