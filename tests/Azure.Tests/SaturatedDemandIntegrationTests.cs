using Microsoft.Extensions.Logging.Abstractions;
using Seamless.Azure.Tests.Infrastructure;
using Seamless.Core.Alerts;
using Seamless.Core.Model;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Simulator;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Activities;
using Seamless.Workflows.ScaleIn;

namespace Seamless.Azure.Tests;

/// <summary>
/// The learned headroom of a saturated plan, end to end: <see cref="AppServiceActivities.LearnHeadroomAsync"/> over the
/// real adapters and the in-process simulator (default fleet: 3 instances serving 1000 requests per minute each). An
/// overloaded plan's CPU reads about 99 % whatever the demand, so the busy instances it shows understate what was asked;
/// the requests its full queues turned away (counted in the site's <c>Requests</c> and <c>Http5xx</c>) say how much more.
/// Simulated time only: the test runs its calls as work and passes the overload by a simulated wait.
/// </summary>
public sealed class SaturatedDemandIntegrationTests : IAsyncLifetime
{
    /// <summary>Requests per minute one instance of the default plan serves (<c>PlanSpec.RequestsPerInstancePerMinute</c>).</summary>
    private const double PerInstance = 1000;

    /// <summary>Three times what the default plan's three instances serve: the minute asks for about 9 busy instances.</summary>
    private const double Overload = 9 * PerInstance;

    /// <summary>
    /// The fewest instances the saturated estimate may require: about 9 were asked (≈ 2.98 busy × 9000 / 3000 served; the
    /// load's ±3 % noise and the CPU noise move it by a few tenths). The CPU alone (≈ 2.98 busy × at most ×2.0 headroom)
    /// and the +25 % saturation step (3 → 4) stay below it.
    /// </summary>
    private const int AskedFloor = 8;

    private VirtualSimulator _virtual = null!;
    private SimulatorHost _sim = null!;
    private ArmAppServiceClient _appService = null!;
    private AppServiceActivities _activities = null!;
    private string _plan = null!;

    public async Task InitializeAsync()
    {
        _virtual = await VirtualSimulator.StartAsync(seed: 11);
        _sim = _virtual.Host;
        var options = TestClients.Options(_sim.BaseAddress, maxRetries: 3);
        _appService = new ArmAppServiceClient(_virtual.Pipelines(options), NullLogger<ArmAppServiceClient>.Instance, _virtual.Clock);
        var metrics = new MonitorMetricsClient(_virtual.Pipelines(options), NullLogger<MonitorMetricsClient>.Instance, _virtual.Clock);
        _activities = new AppServiceActivities(_appService, metrics, probe: null!, _virtual.Clock);
        _plan = _sim.State.PlanId(DefaultFleet.PlanName);
    }

    public async Task DisposeAsync() => await _virtual.DisposeAsync();

    [Fact]
    public async Task LearnHeadroomAsync_SustainedOverload_RequiresWhatTheSaturatedMinuteAsked()
    {
        using var work = _virtual.Clock.Work();
        _sim.State.SetLoad(DefaultFleet.SiteName, new LoadSpec { RequestsPerMinute = Overload, Profile = LoadSpec.Steady });

        var (request, estimate, cpuOnly, siteReads) = await LearnTenMinutesLaterAsync();

        request.Saturation.ShouldNotBeNull().ToCapacity.ShouldBe(4);
        estimate.Latest.ShouldBeInRange(2.9, 3.0, "the CPU shows the three instances at their limit, not the demand");
        siteReads.ShouldBeGreaterThan(0);
        cpuOnly.Required.ShouldBeLessThan(AskedFloor, "without what the saturated minute asked the estimate must not reach the asked floor");
        estimate.Required.ShouldBeInRange(AskedFloor, 10);
    }

    [Fact]
    public async Task LearnHeadroomAsync_NormalLoad_RequiresFewInstancesWithoutReadingSiteMetrics()
    {
        using var work = _virtual.Clock.Work();

        var (_, estimate, cpuOnly, siteReads) = await LearnTenMinutesLaterAsync();

        estimate.Latest.ShouldBeInRange(1.0, 1.5, "1200 requests per minute keep about 1.2 instances busy");
        siteReads.ShouldBe(0);
        estimate.Required.ShouldBe(cpuOnly.Required);
        estimate.Required.ShouldBeLessThanOrEqualTo(3);
    }

    [Fact]
    public async Task LearnHeadroomAsync_TwentyMinutesOverloadedBeforeTheHour_ThePromiseAccountCountsTheMinutesUsersFelt()
    {
        using var work = _virtual.Clock.Work();
        _sim.State.SetLoad(DefaultFleet.SiteName, new LoadSpec { RequestsPerMinute = Overload, Profile = LoadSpec.Steady });
        await _virtual.Clock.DelayAsync(TimeSpan.FromMinutes(20), CancellationToken.None);
        _sim.State.SetLoad(DefaultFleet.SiteName, new LoadSpec { RequestsPerMinute = 1200, Profile = LoadSpec.Steady });
        // Past the next full hour, so the learned history (up to the last full hour) holds the whole overload.
        await _virtual.Clock.DelayAsync(TimeSpan.FromMinutes(90), CancellationToken.None);

        var reading = await _activities.LearnHeadroomAsync(await RequestNowAsync(), CancellationToken.None);

        var account = reading.Learned.Promise.ShouldNotBeNull();
        // Three instances asked for about nine: every overloaded minute's trailing 5-minute mean is far above 100 %, from
        // the third minute of the overload until four minutes after it (what its site turned away says so).
        account.OverloadedMinutes.ShouldBeInRange(18, 26, account.Summary);
        account.LastDayOverloadedMinutes.ShouldBe(account.OverloadedMinutes, "all of it within the last day");
        account.Kept.ShouldBeFalse("20-odd minutes is beyond 0.1 % of the days held");
        reading.Estimate.ShouldNotBeNull().Promise.ShouldBe(account);
    }

    [Fact]
    public async Task ScaleOutConfirmation_QueuePerInstanceAtTheLineBelowTheCpuLine_ConfirmsOverTheRealAdapters()
    {
        using var work = _virtual.Clock.Work();
        // The three instances at 92 % of what they serve: the CPU stays below the alert line while each instance queues
        // requests. The plan's HttpQueueLength Average is the instances' mean, so it is read as queued per instance.
        _sim.State.SetLoad(DefaultFleet.SiteName, new LoadSpec { RequestsPerMinute = 0.92 * 3 * PerInstance, Profile = LoadSpec.Steady });
        await _virtual.Clock.DelayAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        var now = _virtual.Clock.GetUtcNow();
        var plan = await _appService.GetPlanAsync(_plan, CancellationToken.None);
        var end = ScaleInOrchestrator.WindowEnd(now);
        var metrics = await _activities.ReadPlanMetricsAsync(new PlanMetricsRequest(_plan, end.AddMinutes(-10), end), CancellationToken.None);

        var verdict = ScaleOutConfirmation.Evaluate(ScaleOutOrchestrator.BuildContext(now, plan, metrics, []), ScaleInPolicy.Default);

        verdict.PeakCpu.ShouldNotBeNull().ShouldBeLessThan(PlanAlertRules.CpuHighPercent, "the CPU alone does not confirm the alert");
        verdict.PeakQueuePerInstance.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(ScaleInPolicy.Default.ScaleOutQueuePerInstance);
        verdict.PeakQueuePerInstance.Value.ShouldBeLessThan(ScaleInPolicy.Default.ScaleOutQueuePerInstance * plan.Capacity, "divided by the capacity again it would stay below the line");
        verdict.Outcome.ShouldBe(ScaleOutOutcome.ScaleOut);
        verdict.Decision.ToCapacity.ShouldBe(4);
    }

    /// <summary>
    /// Ten simulated minutes on, the sweep's learned headroom: its request, the estimate, the estimate from the plan's
    /// CPU alone and how many times the site's metrics were read for it.
    /// </summary>
    private async Task<(HeadroomRequest Request, HeadroomEstimate Estimate, HeadroomEstimate CpuOnly, int SiteReads)> LearnTenMinutesLaterAsync()
    {
        await _virtual.Clock.DelayAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        var request = await RequestNowAsync();
        var counter = CountSiteMetricReads();
        var reading = await _activities.LearnHeadroomAsync(request, CancellationToken.None);
        var reads = SiteMetricReads(counter);
        var estimate = reading.Estimate.ShouldNotBeNull();
        return (request, estimate, await CpuOnlyEstimateAsync(request, reading.Learned), reads);
    }

    /// <summary>The request the scale-in sweep sends now (default policy, the plan as ARM reports it).</summary>
    private async Task<HeadroomRequest> RequestNowAsync()
    {
        var plan = await _appService.GetPlanAsync(_plan, CancellationToken.None);
        return ScaleInOrchestrator.HeadroomRequestFor(_plan, ScaleInPolicy.Default, sweepInterval: null, plan, _virtual.Clock.GetUtcNow()).ShouldNotBeNull();
    }

    /// <summary>
    /// The estimate from the plan's CPU alone (what the learned headroom required before it read what saturated minutes
    /// asked): the same learned setting and saturation step over the busy instances of the whole window.
    /// </summary>
    private async Task<HeadroomEstimate> CpuOnlyEstimateAsync(HeadroomRequest request, LearnedHeadroom learned)
    {
        var parts = new List<PlanMetrics>();
        for (var from = request.From; from < request.To; from += DemandLedger.MaxRead)
        {
            var to = from + DemandLedger.MaxRead < request.To ? from + DemandLedger.MaxRead : request.To;
            parts.Add(await _activities.ReadPlanMetricsAsync(new PlanMetricsRequest(request.PlanId, from, to), CancellationToken.None));
        }

        var latest = parts[^1];
        var history = HeadroomReader.History(parts, request.From, request.To);
        var saturation = HeadroomReader.Saturation(latest, latest.Instances.Count, request.Saturation, history, request.Settings.LeadMinutes);
        return HeadroomPlanner.Estimate(history, learned, request.Settings, saturation).ShouldNotBeNull();
    }

    /// <summary>Counts the site's metric queries from now on: a zero-delay fault the simulator uses up one per matching call.</summary>
    private FaultSpec CountSiteMetricReads()
    {
        var counter = new FaultSpec
        {
            Operation = "metrics",
            Target = $"/sites/{DefaultFleet.SiteName}/providers/",
            Kind = FaultSpec.Delay,
            DelayMs = 0,
            Count = 1_000,
        };
        _sim.State.InjectFault(counter);
        return counter;
    }

    private int SiteMetricReads(FaultSpec counter) =>
        counter.Count!.Value - (_sim.State.Faults.SingleOrDefault(f => f.Target == counter.Target && f.Kind == FaultSpec.Delay)?.Count ?? 0);
}
