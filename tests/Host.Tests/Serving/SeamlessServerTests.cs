using System.Net;
using Seamless.Host.Demo;
using Seamless.Host.Serving;
using Seamless.Host.Tests.Support;
using Seamless.Simulator.Fleet;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// End to end in one process: the real server (API, embedded engine, Azure adapters) against its
/// in-process simulator, driven over HTTP exactly as a CI pipeline drives it.
/// </summary>
public sealed class SeamlessServerTests : IAsyncLifetime
{
    private const string Key = "host-tests-key-0123456789abcdef";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);
    private SelfHostedServer _server = null!;

    public async Task InitializeAsync()
    {
        var configuration = DemoRunner.DemoConfiguration(Key);
        _server = await SelfHostedServer.StartAsync(configuration);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PostUpgrade_GoodBuildWithSwap_PromotesAndProductionRunsNewVersion()
    {
        var sim = _server.Simulator!;
        var api = new UpgradeApi(_server.Http, Key);
        using var cts = new CancellationTokenSource(Budget);
        sim.State.Snapshot().Site(DefaultFleet.SiteName).Slot("production").Version.ShouldBe("v1");

        var (response, body) = await api.StartAsync(DefaultFleet.SiteId, "v2", "swap", "e2e-good", cts.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Headers.Location.ShouldNotBeNull();
        UpgradeApi.Str(body, "id").ShouldNotBeNullOrEmpty();
        var statusUri = new Uri(UpgradeApi.Str(body, "statusUri").ShouldNotBeNull(), UriKind.RelativeOrAbsolute);
        var view = await api.WaitForEndAsync(statusUri, cts.Token);

        UpgradeApi.Str(view, "status").ShouldBe("Completed");
        UpgradeApi.Str(view, "outcome").ShouldBe("Promoted", UpgradeApi.Str(view, "reason"));
        var site = sim.State.Snapshot().Site(DefaultFleet.SiteName);
        site.Slot("production").Version.ShouldBe("v2");
        site.Slot("staging").Version.ShouldBe("v1");
        sim.State.Operations.Count(o => o.Kind == "slotsswap" && o.Result == "Succeeded").ShouldBe(1);
    }

    [Fact]
    public async Task PostUpgrade_StagingBuildNeverWarms_ProductionUnchanged()
    {
        var sim = _server.Simulator!;
        sim.State.Deploy(DefaultFleet.SiteName, DefaultFleet.StagingSlot, new BuildSpec { Version = "v2-broken", FailsWarmup = true });
        var api = new UpgradeApi(_server.Http, Key);
        using var cts = new CancellationTokenSource(Budget);

        // The build never warms, whatever the budget: ten simulated minutes (not the server's hour) keep the test short.
        var (response, body) = await api.StartAsync(DefaultFleet.SiteId, "v2-broken", "swap", "e2e-broken", cts.Token, policy: new { warmup = new { timeout = "00:10:00" } });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var view = await api.WaitForEndAsync(new Uri(UpgradeApi.Str(body, "statusUri")!, UriKind.RelativeOrAbsolute), cts.Token);

        UpgradeApi.Str(view, "status").ShouldBe("Completed");
        UpgradeApi.Str(view, "outcome").ShouldBeOneOf("Rejected", "RolledBack");
        var site = sim.State.Snapshot().Site(DefaultFleet.SiteName);
        site.Slot("production").Version.ShouldBe("v1");
        site.Slot("staging").Version.ShouldBe("v2-broken");
        site.Slot("staging").TargetSwapSlot.ShouldBeNull();
        sim.State.Operations.ShouldNotContain(o => o.Kind == "slotsswap");
    }
}
