using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Seamless.Simulator;
using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Tests;

/// <summary>An in-process simulator plus an authenticated loopback client and helpers that wait in simulated time.</summary>
internal sealed class SimulatorTestHost : IAsyncDisposable
{
    public const string WebApi = "api-version=2024-04-01";
    public const string MonitorApi = "api-version=2024-02-01";

    /// <summary>
    /// Simulated seconds per second of the simulator's base clock. The base clock only moves when the
    /// test moves it, so the scale merely shrinks the simulator's own real waits (data-plane latency) and turns
    /// an lroDelay fault's milliseconds into simulated seconds (delayMs 180 ⇒ 180 s).
    /// </summary>
    public const long StandingScale = 1000;

    /// <summary>Where the simulator's clock starts by default (a minute boundary).</summary>
    public static readonly DateTimeOffset StandingStart = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly StandingClock _standingClock;

    private SimulatorTestHost(SimulatorHost host, StandingClock standingClock)
    {
        Host = host;
        _standingClock = standingClock;
        Client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = host.BaseAddress };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
    }

    public SimulatorHost Host { get; }

    public HttpClient Client { get; }

    public static string Site => DefaultFleet.SiteId;

    public static string Plan => DefaultFleet.PlanId;

    public static string Staging => DefaultFleet.SiteId + "/slots/staging";

    /// <summary>
    /// Starts a simulator whose clock stands still at <paramref name="start"/> (default <see cref="StandingStart"/>)
    /// until the test moves it (<see cref="WaitUntilAsync"/>, <see cref="PollAsync"/> and <see cref="StepAsync"/>
    /// advance it): a slow or loaded machine can no longer move "now" between two lines of a test, so a time read
    /// before a request is the time the simulator acts at.
    /// </summary>
    public static async Task<SimulatorTestHost> StartAsync(int seed = 1, FleetSpec? fleet = null, DateTimeOffset? start = null)
    {
        var at = start ?? StandingStart;
        var clock = new StandingClock(at);
        var host = await SimulatorHost.StartAsync(new SimulatorOptions { TimeScale = StandingScale, Seed = seed, Fleet = fleet, Start = at, BaseClock = clock });
        return new SimulatorTestHost(host, clock);
    }

    public async Task<JsonNode> GetJsonAsync(string url)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.RelativeOrAbsolute));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await Client.SendAsync(request);
    }

    public async Task<JsonNode> PostJsonAsync(string url, string json)
    {
        using var response = await SendAsync(HttpMethod.Post, url, json);
        string text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeLessThan(300, text);
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Moves the standing clock to <paramref name="t"/> (no move if it is already there or past it).</summary>
    public Task WaitUntilAsync(DateTimeOffset t)
    {
        Advance(t - Host.State.Now);
        return Task.CompletedTask;
    }

    public Task WaitMinutesAsync(double minutes) => WaitUntilAsync(Host.State.Now.AddMinutes(minutes));

    /// <summary>Polls a long-running operation's Location, moving the clock 5 s between polls, until it is no longer 202; returns the final response.</summary>
    public async Task<HttpResponseMessage> PollAsync(Uri location)
    {
        for (int i = 0; i < 10_000; i++)
        {
            var response = await Client.GetAsync(location);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return response;
            }

            response.Dispose();
            Advance(TimeSpan.FromSeconds(5));
        }

        throw new TimeoutException("The long-running operation did not finish.");
    }

    /// <summary>Lets one simulated second pass between two polls.</summary>
    public Task StepAsync()
    {
        Advance(TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    /// <summary>Starts a swap and waits for it; returns the final status code.</summary>
    public async Task<HttpStatusCode> SwapAsync(string fromSlotId, string targetSlot)
    {
        using var accepted = await SendAsync(HttpMethod.Post, $"{fromSlotId}/slotsswap?{WebApi}", $$"""{ "targetSlot": "{{targetSlot}}", "preserveVnet": true }""");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        accepted.Headers.Location.ShouldNotBeNull();
        accepted.Headers.RetryAfter.ShouldNotBeNull();
        using var final = await PollAsync(accepted.Headers.Location);
        return final.StatusCode;
    }

    /// <summary>Sends a data-plane request to a host name, optionally pinned to an instance.</summary>
    public async Task<HttpResponseMessage> ProbeAsync(string hostName, string path, string? instanceId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"_sim/web/{hostName}{path}", UriKind.Relative));
        if (instanceId is not null)
        {
            request.Headers.Add("Cookie", $"ARRAffinity={instanceId}");
        }

        return await Client.SendAsync(request);
    }

    public async Task<IReadOnlyList<string>> InstanceIdsAsync(string slotId)
    {
        var list = await GetJsonAsync($"{slotId}/instances?{WebApi}");
        return list["value"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();
    }

    /// <summary>Reads one aggregate of one metric over [from, to) and returns every non-empty bucket value.</summary>
    public async Task<IReadOnlyList<double>> MetricAsync(string resourceId, string ns, string metric, string aggregation, DateTimeOffset from, DateTimeOffset to)
    {
        string timespan = $"{from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}/{to.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";
        var body = await GetJsonAsync($"{resourceId}/providers/Microsoft.Insights/metrics?{MonitorApi}&timespan={timespan}&interval=PT1M&metricnames={metric}&aggregation={aggregation}&metricnamespace={ns}");
        return body["value"]![0]!["timeseries"]![0]!["data"]!.AsArray()
            .Select(p => p![aggregation.ToLowerInvariant()])
            .Where(v => v is not null)
            .Select(v => v!.GetValue<double>())
            .ToList();
    }

    /// <summary>Moves the standing clock forward by <paramref name="simulated"/> (rounded up to the base clock's tick).</summary>
    private void Advance(TimeSpan simulated)
    {
        if (simulated > TimeSpan.Zero)
        {
            _standingClock.Advance(TimeSpan.FromTicks((simulated.Ticks + StandingScale - 1) / StandingScale));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
