using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Seamless.Azure.Tests.Infrastructure;
using Seamless.Core.Model;
using Seamless.Simulator;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Model;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

/// <summary>
/// Every adapter operation against the in-process simulator over real HTTP (default fleet). The shared simulator runs
/// on a virtual clock the adapters wait on: each test runs its calls as work, so simulated time stands still while the
/// test and the adapters run and passes only through the waits inside the calls (poll delays, the simulator's
/// latency), however slow the machine. An operation read or cut off while it runs: <see cref="SimulatorRunningOperationTests"/>.
/// </summary>
public sealed class SimulatorIntegrationTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private VirtualSimulator _virtual = null!;
    private SimulatorHost _sim = null!;
    private AzureAccessOptions _options = null!;
    private ArmAppServiceClient _appService = null!;
    private MonitorMetricsClient _metrics = null!;
    private string _site = null!;
    private string _plan = null!;

    public async Task InitializeAsync()
    {
        _virtual = await VirtualSimulator.StartAsync(seed: 7);
        _sim = _virtual.Host;
        _options = TestClients.Options(_sim.BaseAddress, maxRetries: 3);

        // The adapters poll and time out in simulated time as in production (it costs no real time); Azure.Core's
        // retries stay short real waits, inside the call's work.
        _options.PollInterval = AzureAccessOptions.DefaultPollInterval;
        _options.MaxPollDelay = AzureAccessOptions.DefaultMaxPollDelay;
        _options.OperationTimeout = AzureAccessOptions.DefaultOperationTimeout;
        _appService = new ArmAppServiceClient(_virtual.Pipelines(_options), NullLogger<ArmAppServiceClient>.Instance, _virtual.Clock);
        _metrics = new MonitorMetricsClient(_virtual.Pipelines(_options), NullLogger<MonitorMetricsClient>.Instance, _virtual.Clock);
        _site = _sim.State.SiteId(DefaultFleet.SiteName);
        _plan = _sim.State.PlanId(DefaultFleet.PlanName);
    }

    public async Task DisposeAsync() => await _virtual.DisposeAsync();

    [Fact]
    public async Task GetSiteAsync_ProductionAndStaging_MatchTheFleet()
    {
        using var work = _virtual.Clock.Work();
        SiteState production = await _appService.GetSiteAsync(_site, null, CancellationToken.None);
        SiteState staging = await _appService.GetSiteAsync(_site, "staging", CancellationToken.None);

        FleetSnapshot state = _sim.State.Snapshot();
        production.Slot.ShouldBe("production");
        production.IsRunning.ShouldBeTrue();
        production.ServerFarmId.ShouldBe(_plan, StringCompareShould.IgnoreCase);
        production.DefaultHostName.ShouldBe(state.Site(DefaultFleet.SiteName).Slot("production").HostName);
        production.HostNames.ShouldContain(production.DefaultHostName);
        production.Location.ShouldBe(DefaultFleet.Location);
        staging.Slot.ShouldBe("staging");
        staging.DefaultHostName.ShouldBe(state.Site(DefaultFleet.SiteName).Slot("staging").HostName);
        staging.TargetSwapSlot.ShouldBeNull();
    }

    [Fact]
    public async Task ListPlanSitesAsync_AffinityChanged_ListsThePlansSitesWithTheirAffinity()
    {
        using var work = _virtual.Clock.Work();
        IReadOnlyList<SiteState> before = await _appService.ListPlanSitesAsync(_plan, CancellationToken.None);
        _sim.State.SetRequestProfile(DefaultFleet.SiteName, clientAffinityEnabled: true);
        IReadOnlyList<SiteState> after = await _appService.ListPlanSitesAsync(_plan, CancellationToken.None);

        before.Count.ShouldBe(1);
        before[0].Id.ShouldBe(_site, StringCompareShould.IgnoreCase);
        before[0].ServerFarmId.ShouldBe(_plan, StringCompareShould.IgnoreCase);
        before[0].ClientAffinityEnabled.ShouldBe(false);
        after[0].ClientAffinityEnabled.ShouldBe(true);
    }

    [Fact]
    public async Task ListGroupPlansAndSites_DefaultFleet_ListWhatThePlanAndSiteReadsGive()
    {
        using var work = _virtual.Clock.Work();
        var id = Seamless.Core.Resources.AzureResourceId.Parse(_plan);
        PlanState plan = await _appService.GetPlanAsync(_plan, CancellationToken.None);
        IReadOnlyList<SiteState> sites = await _appService.ListPlanSitesAsync(_plan, CancellationToken.None);

        IReadOnlyList<PlanState> listedPlans = await _appService.ListGroupPlansAsync(id.SubscriptionId, id.ResourceGroup, CancellationToken.None);
        IReadOnlyList<SiteState> listedSites = await _appService.ListGroupSitesAsync(id.SubscriptionId, id.ResourceGroup, CancellationToken.None);

        listedPlans.ShouldBe([plan]);
        plan.NumberOfSites.ShouldBe(1);
        listedSites.Select(s => (s.Id, s.Slot, s.ServerFarmId, s.ClientAffinityEnabled, s.DefaultHostName))
            .ShouldBe(sites.Select(s => (s.Id, s.Slot, s.ServerFarmId, s.ClientAffinityEnabled, s.DefaultHostName)));
    }

    [Fact]
    public async Task ListGroupPlansAsync_MoreThanAPage_FollowsTheNextLinks()
    {
        await using var many = await VirtualSimulator.StartAsync(3, Seamless.Simulator.Fleet.FleetSpec.InOneResourceGroup(
            DefaultFleet.SubscriptionId,
            "big",
            DefaultFleet.Location,
            [.. Enumerable.Range(0, 120).Select(i => new Seamless.Simulator.Fleet.PlanSpec
            {
                Name = $"plan-{i:000}",
                Sku = new Seamless.Simulator.Fleet.SkuSpec { Name = "P1v3", Tier = "PremiumV3", Size = "P1v3", Family = "Pv3" },
                Capacity = 1 + (i % 4),
                Sites = [new Seamless.Simulator.Fleet.SiteSpec { Name = $"app-{i:000}", Build = new Seamless.Simulator.Fleet.BuildSpec { Version = "v1" } }],
            })]));
        var options = TestClients.Options(many.Host.BaseAddress, maxRetries: 0);
        var client = new ArmAppServiceClient(many.Pipelines(options), NullLogger<ArmAppServiceClient>.Instance, many.Clock);
        using var work = many.Clock.Work();

        IReadOnlyList<PlanState> plans = await client.ListGroupPlansAsync(DefaultFleet.SubscriptionId, "big", CancellationToken.None);
        IReadOnlyList<SiteState> sites = await client.ListGroupSitesAsync(DefaultFleet.SubscriptionId, "big", CancellationToken.None);

        plans.Select(p => p.Id[(p.Id.LastIndexOf('/') + 1)..]).ShouldBe(Enumerable.Range(0, 120).Select(i => $"plan-{i:000}"));
        plans.Select(p => p.Capacity).ShouldBe(Enumerable.Range(0, 120).Select(i => 1 + (i % 4)));
        sites.Count.ShouldBe(120);
        sites.ShouldAllBe(s => s.Slot == "production");
        // 120 of each at 50 a page: three pages each.
        many.Host.State.RequestCounts.GetValueOrDefault("listGroupPlans").ShouldBe(3);
        many.Host.State.RequestCounts.GetValueOrDefault("listGroupSites").ShouldBe(3);
    }

    [Fact]
    public async Task ListSlotsAndInstances_DefaultFleet_ReturnStagingAndThreeInstances()
    {
        using var work = _virtual.Clock.Work();
        IReadOnlyList<SiteState> slots = await _appService.ListSlotsAsync(_site, CancellationToken.None);
        IReadOnlyList<SiteInstance> instances = await _appService.ListInstancesAsync(_site, null, CancellationToken.None);
        IReadOnlyList<SiteInstance> stagingInstances = await _appService.ListInstancesAsync(_site, "staging", CancellationToken.None);

        slots.Select(s => s.Slot).ShouldBe(["staging"]);
        PlanSnapshot plan = _sim.State.Snapshot().Plan(DefaultFleet.PlanName);
        instances.Select(i => i.InstanceId).ShouldBe(plan.Instances.Select(i => i.Id), ignoreOrder: true);
        instances.Count.ShouldBe(3);
        stagingInstances.Count.ShouldBe(3);
    }

    [Fact]
    public async Task GetAppSettingNamesAndSlotConfigNames_MatchTheFleet()
    {
        using var work = _virtual.Clock.Work();
        IReadOnlyList<string> names = await _appService.GetAppSettingNamesAsync(_site, "staging", CancellationToken.None);
        SlotConfigNames sticky = await _appService.GetSlotConfigNamesAsync(_site, CancellationToken.None);

        SiteSnapshot site = _sim.State.Snapshot().Site(DefaultFleet.SiteName);
        names.ShouldBe(site.Slot("staging").AppSettingNames, ignoreOrder: true);
        sticky.AppSettingNames.ShouldBe(site.SlotSettingNames, ignoreOrder: true);
    }

    [Fact]
    public async Task ApplyThenResetSlotConfig_SetsAndClearsThePendingPreview()
    {
        using var work = _virtual.Clock.Work();
        await _appService.ApplySlotConfigAsync(_site, "staging", "production", CancellationToken.None);
        SiteState prepared = await _appService.GetSiteAsync(_site, "staging", CancellationToken.None);
        await _appService.ResetSlotConfigAsync(_site, "staging", CancellationToken.None);
        await _appService.ResetSlotConfigAsync(_site, null, CancellationToken.None);
        SiteState reset = await _appService.GetSiteAsync(_site, "staging", CancellationToken.None);

        prepared.TargetSwapSlot.ShouldBe("production", StringCompareShould.IgnoreCase);
        reset.TargetSwapSlot.ShouldBeNull();
        _sim.State.Operations.Select(o => o.Kind).ShouldContain("applySlotConfig");
        _sim.State.Operations.Select(o => o.Kind).ShouldContain("resetSlotConfig");
    }

    [Fact]
    public async Task SwapAsync_StagingIntoProduction_ChangesTheProductionVersionInSimState()
    {
        using var work = _virtual.Clock.Work();
        string before = await ProductionVersionOverHttpAsync();
        string stagingVersion = _sim.State.Snapshot().Site(DefaultFleet.SiteName).Slot("staging").Version;

        await _appService.SwapAsync(_site, "staging", "production", CancellationToken.None);

        string after = await ProductionVersionOverHttpAsync();
        after.ShouldNotBe(before);
        after.ShouldBe(stagingVersion);
        SiteState production = await _appService.GetSiteAsync(_site, null, CancellationToken.None);
        production.LastSwap.ShouldNotBeNull().SourceSlotName.ShouldBe("staging", StringCompareShould.IgnoreCase);
        _sim.State.Operations.ShouldContain(o => o.Kind == "slotsswap" && o.Result == "Succeeded");
    }

    [Fact]
    public async Task SetRoutingAsync_TwentyPercentThenNone_RoundTrips()
    {
        using var work = _virtual.Clock.Work();
        string stagingHost = _sim.State.Snapshot().Site(DefaultFleet.SiteName).Slot("staging").HostName;

        await _appService.SetRoutingAsync(_site, [new RoutingRule("staging", stagingHost, 20)], CancellationToken.None);
        IReadOnlyList<RoutingRule> routed = await _appService.GetRoutingAsync(_site, CancellationToken.None);
        double simulated = _sim.State.Snapshot().Site(DefaultFleet.SiteName).Routing["staging"];
        await _appService.SetRoutingAsync(_site, [], CancellationToken.None);
        IReadOnlyList<RoutingRule> cleared = await _appService.GetRoutingAsync(_site, CancellationToken.None);

        routed.ShouldBe([new RoutingRule("staging", stagingHost, 20)]);
        simulated.ShouldBe(20);
        cleared.ShouldBeEmpty();
    }

    [Fact]
    public async Task SetPlanCapacityAsync_FourThenFourAgain_ChangesCapacityOnce()
    {
        using var work = _virtual.Clock.Work();
        PlanState before = await _appService.GetPlanAsync(_plan, CancellationToken.None);

        PlanState after = await _appService.SetPlanCapacityAsync(_plan, 4, CancellationToken.None);
        await _appService.SetPlanCapacityAsync(_plan, 4, CancellationToken.None);

        before.Capacity.ShouldBe(3);
        before.SkuName.ShouldBe("P1v3");
        before.SkuTier.ShouldBe("PremiumV3");
        after.Capacity.ShouldBe(4);
        _sim.State.Snapshot().Plan(DefaultFleet.PlanName).Capacity.ShouldBe(4);
        _sim.State.Operations.Count(o => o.Kind == "setCapacity").ShouldBe(1);
    }

    [Fact]
    public async Task QueryAsync_PlanSplitByInstance_OneSeriesPerInstance()
    {
        using var work = _virtual.Clock.Work();
        DateTimeOffset end = Minute(_sim.Clock.GetUtcNow());
        var query = new MetricQuery(_plan, MetricNames.PlanNamespace, [MetricNames.CpuPercentage, MetricNames.HttpQueueLength], ["Average", "Maximum"], end.AddMinutes(-10), end, TimeSpan.FromMinutes(1), SplitByInstance: true);

        MetricResult result = await _metrics.QueryAsync(query, CancellationToken.None);

        MetricSeries[] cpu = result.Of(MetricNames.CpuPercentage).ToArray();
        cpu.Length.ShouldBe(3);
        cpu.ShouldAllBe(s => s.Instance != null && s.Unit == "Percent");
        cpu.ShouldAllBe(s => s.Points.Any(p => p.Average != null));
        result.Of(MetricNames.HttpQueueLength).Count().ShouldBe(3);
    }

    [Fact]
    public async Task QueryAsync_SiteRequests_ReturnsTotals()
    {
        using var work = _virtual.Clock.Work();
        DateTimeOffset end = Minute(_sim.Clock.GetUtcNow());
        var query = new MetricQuery(_site, MetricNames.SiteNamespace, [MetricNames.Requests, MetricNames.Http5xx, MetricNames.HttpResponseTime], ["Total", "Average"], end.AddMinutes(-10), end, TimeSpan.FromMinutes(1));

        MetricResult result = await _metrics.QueryAsync(query, CancellationToken.None);

        MetricSeries requests = result.Of(MetricNames.Requests).ShouldHaveSingleItem();
        requests.Instance.ShouldBeNull();
        requests.Points.Count.ShouldBe(10);
        requests.Points.ShouldContain(p => p.Total > 0);
        result.Of(MetricNames.HttpResponseTime).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task QueryBatchAsync_Plan_ReturnsItUnderTheRequestedId()
    {
        using var work = _virtual.Clock.Work();
        DateTimeOffset end = Minute(_sim.Clock.GetUtcNow());
        var query = new MetricBatchQuery("westeurope", [_plan], MetricNames.PlanNamespace, [MetricNames.CpuPercentage, MetricNames.MemoryPercentage], ["Average", "Maximum"], end.AddMinutes(-10), end, TimeSpan.FromMinutes(1), SplitByInstance: true);

        IReadOnlyList<MetricResult> results = await _metrics.QueryBatchAsync(query, CancellationToken.None);

        MetricResult plan = results.ShouldHaveSingleItem();
        plan.ResourceId.ShouldBe(_plan);
        plan.Of(MetricNames.CpuPercentage).Count().ShouldBe(3);
        plan.Of(MetricNames.MemoryPercentage).ShouldAllBe(s => s.Points.Count == 10);
    }

    [Fact]
    public async Task ProbeAsync_ProductionHostPinnedToAnInstance_GetsAnHttpAnswer()
    {
        using var work = _virtual.Clock.Work();
        using ServiceProvider services = _virtual.AddClientWork(new ServiceCollection())
            .AddLogging()
            .AddSeamlessAzure(o =>
            {
                o.ArmEndpoint = _sim.BaseAddress;
                o.DataPlaneEndpoint = _sim.BaseAddress;
                o.StaticToken = "sim";
            })
            .BuildServiceProvider();
        ISiteProbe probe = services.GetRequiredService<ISiteProbe>();
        PlanSnapshot plan = _sim.State.Snapshot().Plan(DefaultFleet.PlanName);
        string host = plan.Sites.Single().Slot("production").HostName;

        ProbeResult known = await probe.ProbeAsync(new ProbeRequest(host, "/", plan.Instances[0].Id, TimeSpan.FromSeconds(5)), CancellationToken.None);
        ProbeResult unknown = await probe.ProbeAsync(new ProbeRequest("nobody.azurewebsites.net", "/", null, TimeSpan.FromSeconds(5)), CancellationToken.None);

        known.StatusCode.ShouldBe(200);
        known.Error.ShouldBeNull();
        unknown.StatusCode.ShouldBe(404);
    }

    [Fact]
    public async Task GetSiteAsync_ThrottledOnceViaControlApi_RetriesAfterRetryAfterAndSucceeds()
    {
        using var work = _virtual.Clock.Work();
        using var http = new HttpClient { BaseAddress = _sim.BaseAddress };
        using HttpResponseMessage injected = await http.PostAsJsonAsync("/_sim/faults", new { operation = "getSite", kind = "throttle", count = 1, retryAfterSeconds = 1 });
        injected.EnsureSuccessStatusCode();

        SiteState site = await _appService.GetSiteAsync(_site, null, CancellationToken.None);

        site.IsRunning.ShouldBeTrue();
        _sim.State.Operations.ShouldContain(o => o.Kind == "getSite" && o.Faulted && o.StatusCode == 429);
        _sim.State.Faults.ShouldAllBe(f => f.Count == 0);
    }

    [Fact]
    public async Task SwapAsync_ConflictInjected_SurfacesAsConflict()
    {
        using var work = _virtual.Clock.Work();
        _sim.State.InjectFault(new FaultSpec { Operation = "slotsswap", Kind = FaultSpec.Conflict, Count = 1 });

        AzureConflictException ex = await Should.ThrowAsync<AzureConflictException>(
            () => _appService.SwapAsync(_site, "staging", "production", CancellationToken.None));

        ex.IsRetryable.ShouldBeTrue();
        ex.Status.ShouldBe(409);
        _sim.State.Snapshot().Site(DefaultFleet.SiteName).Slot("production").Version.ShouldBe("v1");
    }

    [Fact]
    public async Task SwapAsync_LongRunningOperationFails_SurfacesAsOperationFailed()
    {
        using var work = _virtual.Clock.Work();
        _sim.State.InjectFault(new FaultSpec { Operation = "slotsswap", Kind = FaultSpec.LroFail, Count = 1 });

        AzureOperationFailedException ex = await Should.ThrowAsync<AzureOperationFailedException>(
            () => _appService.SwapAsync(_site, "staging", "production", CancellationToken.None));

        ex.ErrorCode.ShouldNotBeNullOrWhiteSpace();
        ex.ErrorMessage.ShouldNotBeNullOrWhiteSpace();
        _sim.State.Operations.ShouldContain(o => o.Kind == "slotsswap" && o.Result == "Failed");
        _sim.State.Snapshot().Site(DefaultFleet.SiteName).Slot("production").Version.ShouldBe("v1");
    }

    [Fact]
    public async Task SetPlanCapacityAsync_LongRunningOperationFails_SurfacesAsOperationFailed()
    {
        using var work = _virtual.Clock.Work();
        _sim.State.InjectFault(new FaultSpec { Operation = "setCapacity", Kind = FaultSpec.LroFail, Count = 1 });

        await Should.ThrowAsync<AzureOperationFailedException>(() => _appService.SetPlanCapacityAsync(_plan, 2, CancellationToken.None));

        _sim.State.Snapshot().Plan(DefaultFleet.PlanName).Capacity.ShouldBe(3);
    }

    [Fact]
    public async Task SetPlanCapacityAsync_ConflictOnWrite_WaitsAndWritesAgain()
    {
        using var work = _virtual.Clock.Work();
        _sim.State.InjectFault(new FaultSpec { Operation = "setCapacity", Kind = FaultSpec.Conflict, Count = 1 });

        PlanState after = await _appService.SetPlanCapacityAsync(_plan, 2, CancellationToken.None);

        after.Capacity.ShouldBe(2);
        _sim.State.Operations.Where(o => o.Kind == "setCapacity").Select(o => o.Result).ShouldBe(["Faulted:conflict", "Succeeded"]);
    }

    [Fact]
    public async Task QueryBatchAsync_ServerErrorsThenRecovery_RetriedByThePipeline()
    {
        using var work = _virtual.Clock.Work();
        _sim.State.InjectFault(new FaultSpec { Operation = "metricsBatch", Kind = FaultSpec.Error503, Count = 2, RetryAfterSeconds = 1 });
        DateTimeOffset end = Minute(_sim.Clock.GetUtcNow());
        var query = new MetricBatchQuery("westeurope", [_plan], MetricNames.PlanNamespace, [MetricNames.CpuPercentage], ["Average"], end.AddMinutes(-5), end, TimeSpan.FromMinutes(1));

        IReadOnlyList<MetricResult> results = await _metrics.QueryBatchAsync(query, CancellationToken.None);

        results.ShouldHaveSingleItem();
        _sim.State.Operations.Count(o => o.Kind == "metricsBatch" && o.Faulted).ShouldBe(2);
    }

    private async Task<string> ProductionVersionOverHttpAsync()
    {
        using var http = new HttpClient { BaseAddress = _sim.BaseAddress };
        FleetSnapshot state = (await http.GetFromJsonAsync<FleetSnapshot>("/_sim/state", Web))!;
        return state.Site(DefaultFleet.SiteName).Slot("production").Version;
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);
}
