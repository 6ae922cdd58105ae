using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api.Tests.Infrastructure;
using Seamless.Core.Model;
using Seamless.Workflows.Ports;

namespace Seamless.Api.Tests;

/// <summary>
/// <c>GET /api/upgrades/{id}/metrics</c> over real HTTP on a simulated fleet: the upgrade's production and staging
/// minutes as the host's metrics port reads them from the simulator, over a window around the upgrade; 404 for ids
/// that are malformed or unknown, 400 for a bad window, 401 without a key.
/// </summary>
public sealed class SeamlessApiHandlersUpgradeMetricsTests : IAsyncLifetime
{
    private ApiServer _api = null!;

    public async Task InitializeAsync() => _api = await ApiServer.StartSimulatedAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task GetMetrics_AFinishedUpgrade_ReturnsTheSimulatorsMinutesOfBothSlotsAroundIt()
    {
        string id = await StartAndFinishAsync();
        var view = (await _api.SendAsync(HttpMethod.Get, Route(id))).Json;
        var createdAt = view.GetProperty("createdAt").GetDateTimeOffset();
        var lastUpdatedAt = view.GetProperty("lastUpdatedAt").GetDateTimeOffset();

        var response = await _api.SendAsync(HttpMethod.Get, Route(id) + "/metrics");

        response.Status.ShouldBe(200, response.ToString());
        var json = response.Json;
        json.GetProperty("id").GetString().ShouldBe(id);
        json.GetProperty("site").GetString().ShouldBe(ApiServer.SiteId);
        var from = json.GetProperty("from").GetDateTimeOffset();
        var to = json.GetProperty("to").GetDateTimeOffset();
        from.ShouldBe(Minute(createdAt - UpgradeMetricsReader.Context));
        to.ShouldBeGreaterThanOrEqualTo(Minute(lastUpdatedAt));
        to.ShouldBeLessThanOrEqualTo(lastUpdatedAt + UpgradeMetricsReader.Context);
        var slots = json.GetProperty("slots").EnumerateArray().ToList();
        slots.Select(s => (s.GetProperty("slot").GetString(), s.GetProperty("role").GetString())).ShouldBe([("production", "target"), ("staging", "source")]);
        slots[0].GetProperty("resourceId").GetString().ShouldBe(ApiServer.SiteId);
        slots[1].GetProperty("resourceId").GetString().ShouldBe(ApiServer.SiteId + "/slots/staging");
        var production = slots[0].GetProperty("minutes").EnumerateArray().ToList();
        production.Count.ShouldBeGreaterThanOrEqualTo(10);
        production.ShouldAllBe(m => m.GetProperty("at").GetDateTimeOffset() >= from && m.GetProperty("at").GetDateTimeOffset() < to);
        production.Select(m => m.GetProperty("requests").GetDouble()).ShouldAllBe(r => r > 0);
        var simulator = await ReadDirectAsync(ApiServer.SiteId, MetricNames.SiteNamespace, from, to);
        production.Select(m => (m.GetProperty("at").GetDateTimeOffset(), m.GetProperty("requests").GetDouble()))
            .ShouldBe(simulator.Select(p => (p.Timestamp, p.Total!.Value)));
    }

    [Fact]
    public async Task GetMetrics_ExplicitWindow_ReturnsThatWindowOnly()
    {
        string id = await StartAndFinishAsync();
        var createdAt = (await _api.SendAsync(HttpMethod.Get, Route(id))).Json.GetProperty("createdAt").GetDateTimeOffset();
        var from = Minute(createdAt) - TimeSpan.FromMinutes(30);
        var to = from + TimeSpan.FromMinutes(5);

        var response = await _api.SendAsync(HttpMethod.Get, $"{Route(id)}/metrics?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");

        response.Status.ShouldBe(200, response.ToString());
        response.Json.GetProperty("from").GetDateTimeOffset().ShouldBe(from);
        response.Json.GetProperty("to").GetDateTimeOffset().ShouldBe(to);
        var minutes = response.Json.GetProperty("slots")[0].GetProperty("minutes").EnumerateArray().Select(m => m.GetProperty("at").GetDateTimeOffset()).ToList();
        minutes.ShouldBe([.. Enumerable.Range(0, 5).Select(i => from.AddMinutes(i))]);
    }

    [Theory]
    [InlineData("unknown upgrade", "upgrade:app-demo:0123456789ab")]
    [InlineData("not an upgrade id", "not-an-upgrade")]
    [InlineData("traversal", "..%2F..%2Fplans")]
    [InlineData("id with a newline", "upgrade:app-demo:0123456789ab%0A")]
    public async Task GetMetrics_NoSuchUpgrade_404ProblemAndNoAzureCall(string name, string id)
    {
        var response = await _api.SendAsync(HttpMethod.Get, $"/api/upgrades/{id}/metrics");

        response.ShouldBeProblem(404);
        _api.Simulator.State.Operations.ShouldBeEmpty();
        name.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("from not a time", "?from=yesterday", "from")]
    [InlineData("to not a time", "?to=2026-13-40T00:00:00Z", "to")]
    [InlineData("to before from", "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("window over a day", "?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z", "to")]
    public async Task GetMetrics_BadWindow_400NamingTheField(string name, string query, string field)
    {
        string id = await StartAsync();

        var response = await _api.SendAsync(HttpMethod.Get, Route(id) + "/metrics" + query);

        response.ShouldBeInvalid(field);
        name.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task GetMetrics_WithoutKey_401()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/api/upgrades/upgrade:app-demo:0123456789ab/metrics", key: null);

        response.ShouldBeProblem(401);
    }

    private static string Route(string id) => "/api/upgrades/" + Uri.EscapeDataString(id);

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);

    private async Task<IReadOnlyList<MetricPoint>> ReadDirectAsync(string resourceId, string metricNamespace, DateTimeOffset from, DateTimeOffset to)
    {
        var metrics = _api.Server.Services.GetRequiredService<IMetricsClient>();
        var result = await metrics.QueryAsync(new MetricQuery(resourceId, metricNamespace, [MetricNames.Requests], ["Total"], from, to, TimeSpan.FromMinutes(1)), CancellationToken.None);
        return [.. result.Of(MetricNames.Requests).Where(s => s.Instance is null).SelectMany(s => s.Points).Where(p => p.Total is not null)];
    }

    private async Task<string> StartAsync()
    {
        var body = Payloads.Upgrade();
        body["policy"] = new JsonObject { ["guardWindow"] = "00:03:00", ["guardInterval"] = "00:01:00" };
        var response = await _api.PostUpgradeAsync(body.ToJsonString(), delivery: Guid.NewGuid().ToString("N"));
        response.Status.ShouldBe(202, response.ToString());
        return response.Json.GetProperty("id").GetString()!;
    }

    private async Task<string> StartAndFinishAsync()
    {
        string id = await StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        JsonElement view;
        do
        {
            await Task.Delay(100, cts.Token);
            view = (await _api.SendAsync(HttpMethod.Get, Route(id))).Json;
        }
        while (view.GetProperty("status").GetString() is "Pending" or "Running");

        view.GetProperty("outcome").GetString().ShouldBe("Promoted", view.ToString());
        return id;
    }
}
