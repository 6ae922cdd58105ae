using Microsoft.Extensions.Logging.Abstractions;
using Seamless.Azure.Tests.Infrastructure;
using Seamless.Core.Model;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

/// <summary>
/// Adapter calls against an operation the simulator is still running: a standing simulator's clock moves only when the
/// test moves it, so the operation is certainly running when the test reads it or cuts a call off, however slow the
/// machine.
/// </summary>
public sealed class SimulatorRunningOperationTests
{
    [Fact]
    public async Task SetPlanCapacityAsync_ResumedWhileItsEarlierWriteStillRuns_WaitsAndWritesNothingMore()
    {
        // The first call is cut off once the platform has accepted its write (a crash); the platform is slow. The
        // simulated clock stands still, so that write is still running when the call is resumed and ends only
        // once the resumed call has seen it running (twice), when the test moves the clock past its end.
        await using var sim = await StandingSimulator.StartAsync(seed: 7);
        ArmAppServiceClient appService = TestClients.AppService(TestClients.Options(sim.Host.BaseAddress, maxRetries: 3));
        string plan = sim.Host.State.PlanId(DefaultFleet.PlanName);
        await CrashAfterTheWriteIsAcceptedAsync(sim, appService, plan, lroDelayMs: 60);
        bool stillRunning = sim.Host.State.Snapshot().Plan(DefaultFleet.PlanName).PendingCapacity is not null;

        Task<PlanState> resumed = appService.SetPlanCapacityAsync(plan, 2, CancellationToken.None);
        await sim.WaitForCallsAsync("getPlan", 2);
        sim.Advance(TimeSpan.FromMinutes(5));
        PlanState after = await resumed;

        stillRunning.ShouldBeTrue();
        after.Capacity.ShouldBe(2);
        sim.Host.State.Snapshot().Plan(DefaultFleet.PlanName).Capacity.ShouldBe(2);
        sim.Host.State.Operations.Where(o => o.Kind == "setCapacity").Select(o => o.Result).ShouldBe(["Succeeded"]);
    }

    [Fact]
    public async Task GetSiteAsync_WhileASwapRuns_ReportsTheOperationInProgress()
    {
        // The simulated clock stands still until the test moves it: the swap is certainly running when the site is read.
        await using var sim = await StandingSimulator.StartAsync(seed: 7);
        ArmAppServiceClient appService = TestClients.AppService(TestClients.Options(sim.Host.BaseAddress, maxRetries: 3));
        string site = sim.Host.State.SiteId(DefaultFleet.SiteName);
        sim.Host.State.InjectFault(new FaultSpec { Operation = "slotsswap", Kind = FaultSpec.LroDelay, DelayMs = 60, Count = 1 });
        Task swap = appService.SwapAsync(site, "staging", "production", CancellationToken.None);
        await AcceptedAsync(sim, "slotsswap");

        SiteState during = await appService.GetSiteAsync(site, null, CancellationToken.None);
        sim.Advance(TimeSpan.FromMinutes(5));
        await swap;
        SiteState after = await appService.GetSiteAsync(site, null, CancellationToken.None);

        during.InProgressOperationId.ShouldBe(sim.Host.State.Operations.Single(o => o.Kind == "slotsswap").Id);
        after.InProgressOperationId.ShouldBeNull();
    }

    [Fact]
    public async Task SetPlanCapacityAsync_PlanStillBusyAfterTheWait_FailsRetryablyWithoutWriting()
    {
        // The running change lasts an hour (simulated). The clock stands still until the resumed call has seen it
        // running (twice), then moves 11 minutes: past the call's 10-minute wait, well inside the hour.
        await using var sim = await StandingSimulator.StartAsync(seed: 7);
        AzureAccessOptions options = TestClients.Options(sim.Host.BaseAddress);
        options.PollInterval = TimeSpan.FromSeconds(5);
        var client = new ArmAppServiceClient(TestClients.Pipelines(options), NullLogger<ArmAppServiceClient>.Instance, sim.Host.Clock);
        string plan = sim.Host.State.PlanId(DefaultFleet.PlanName);
        await CrashAfterTheWriteIsAcceptedAsync(sim, client, plan, lroDelayMs: 3600);

        Task<PlanState> resumed = client.SetPlanCapacityAsync(plan, 2, CancellationToken.None);
        await sim.WaitForCallsAsync("getPlan", 2);
        sim.Advance(TimeSpan.FromMinutes(11));
        var ex = await Should.ThrowAsync<AzureConflictException>(() => resumed);

        ex.IsRetryable.ShouldBeTrue();
        sim.Host.State.Snapshot().Plan(DefaultFleet.PlanName).PendingCapacity.ShouldBe(2);
        sim.Host.State.Operations.Count(o => o.Kind == "setCapacity").ShouldBe(1);
    }

    /// <summary>
    /// Starts a change of the plan to two instances whose long-running part the platform stretches by
    /// <paramref name="lroDelayMs"/>, and cuts the call off (a crash) once the platform has accepted it.
    /// </summary>
    private static async Task CrashAfterTheWriteIsAcceptedAsync(StandingSimulator sim, ArmAppServiceClient client, string plan, int lroDelayMs)
    {
        sim.Host.State.InjectFault(new FaultSpec { Operation = "setCapacity", Kind = FaultSpec.LroDelay, DelayMs = lroDelayMs, Count = 1 });
        using var crash = new CancellationTokenSource();
        Task first = client.SetPlanCapacityAsync(plan, 2, crash.Token);
        await AcceptedAsync(sim, "setCapacity");
        await crash.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => first);
    }

    /// <summary>Returns once the simulator has accepted an operation of <paramref name="kind"/>.</summary>
    private static async Task AcceptedAsync(StandingSimulator sim, string kind)
    {
        while (!sim.Host.State.Operations.Any(o => o.Kind == kind))
        {
            await Task.Delay(5);
        }
    }
}
