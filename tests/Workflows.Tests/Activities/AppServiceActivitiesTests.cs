using Microsoft.Extensions.DependencyInjection;
using Seamless.Azure;
using Seamless.Simulator;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Ports;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.Activities;

/// <summary>
/// The activities over the real Azure adapter and the in-process simulator (real HTTP, real Azure.Core pipeline). The
/// shared simulator runs on a virtual clock the activities wait on: a test runs its calls as work, so simulated time
/// passes only through the waits inside them, however slow the machine. The tests that cut off a swap while it runs
/// use a standing simulator whose clock the test moves.
/// </summary>
public sealed class AppServiceActivitiesTests : IAsyncLifetime
{
    private VirtualSimulator _sim = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _sim = await VirtualSimulator.StartAsync(seed: 3);
        _services = Services(_sim.Host, _sim.AddClientWork(new ServiceCollection()));
    }

    private static ServiceProvider Services(SimulatorHost sim) =>
        Services(sim, new ServiceCollection().AddSingleton<TimeProvider>(sim.Clock));

    private static ServiceProvider Services(SimulatorHost sim, IServiceCollection services) => services
        .AddLogging()
        .AddSingleton<AppServiceActivities>()
        .AddSeamlessAzure(o =>
        {
            o.ArmEndpoint = sim.BaseAddress;
            o.MetricsEndpoint = sim.BaseAddress;
            o.DataPlaneEndpoint = sim.BaseAddress;
            o.StaticToken = "test-token";
        })
        .BuildServiceProvider();

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task SwapSlotsAsync_ResumedWhileItsEarlierSwapStillRuns_WaitsAndDoesNotSwapBack()
    {
        // The first attempt is cut off once the platform has accepted the swap (a crash); the platform is slow. The
        // simulated clock stands still, so that swap is still running when the activity is resumed and ends only
        // once the resumed activity has seen it running (twice), when the test moves the clock past its end.
        await using var sim = await StandingSimulator.StartAsync(seed: 3);
        await using var services = Services(sim.Host);
        var activities = services.GetRequiredService<AppServiceActivities>();
        var request = new SwapRequest(DefaultFleet.SiteId, "staging", "production", LastSwapBefore: null);
        await CrashAfterTheSwapIsAcceptedAsync(sim, activities, request, lroDelayMs: 60);
        bool stillRunning = sim.Host.State.Snapshot().Site(DefaultFleet.SiteName).OperationInProgress is not null;

        Task<SwapResult> resuming = activities.SwapSlotsAsync(request, CancellationToken.None);
        await sim.WaitForCallsAsync("getSite", 2);
        sim.Advance(TimeSpan.FromMinutes(5));
        var resumed = await resuming;

        stillRunning.ShouldBeTrue();
        resumed.Performed.ShouldBeFalse();
        resumed.Status.ShouldNotBeNull();
        var site = sim.Host.State.Snapshot().Site(DefaultFleet.SiteName);
        site.Slot("production").Version.ShouldBe("v2");
        site.Slot("staging").Version.ShouldBe("v1");
        sim.Host.State.Operations.Count(o => o.Kind == "slotsswap" && o.StatusCode == 202).ShouldBe(1);
    }

    [Fact]
    public async Task SwapSlotsAsync_SiteStillBusyAfterTheWait_FailsRetryablyWithoutSwapping()
    {
        // The running swap lasts an hour (simulated). The clock stands still until the resumed activity has seen it
        // running (twice), then moves 11 minutes: past the activity's 10-minute wait, well inside the hour.
        await using var sim = await StandingSimulator.StartAsync(seed: 3);
        await using var services = Services(sim.Host);
        var activities = services.GetRequiredService<AppServiceActivities>();
        var request = new SwapRequest(DefaultFleet.SiteId, "staging", "production", LastSwapBefore: null);
        await CrashAfterTheSwapIsAcceptedAsync(sim, activities, request, lroDelayMs: 3600);

        Task<SwapResult> resuming = activities.SwapSlotsAsync(request, CancellationToken.None);
        await sim.WaitForCallsAsync("getSite", 2);
        sim.Advance(TimeSpan.FromMinutes(11));
        var ex = await Should.ThrowAsync<AzureConflictException>(() => resuming);

        ex.IsRetryable.ShouldBeTrue();
        sim.Host.State.Snapshot().Site(DefaultFleet.SiteName).OperationInProgress.ShouldNotBeNull();
        sim.Host.State.Operations.Count(o => o.Kind == "slotsswap").ShouldBe(1);
    }

    [Fact]
    public async Task SwapSlotsAsync_SiteBusyWithAnotherOperation_WaitsThenSwapsOnce()
    {
        using var work = _sim.Clock.Work();
        var activities = _services.GetRequiredService<AppServiceActivities>();
        _sim.Host.State.InjectFault(new FaultSpec { Operation = "slotsswap", Kind = FaultSpec.Conflict, Count = 2 });

        var result = await activities.SwapSlotsAsync(new SwapRequest(DefaultFleet.SiteId, "staging", "production", LastSwapBefore: null), CancellationToken.None);

        result.Performed.ShouldBeTrue();
        _sim.Host.State.Snapshot().Site(DefaultFleet.SiteName).Slot("production").Version.ShouldBe("v2");
        _sim.Host.State.Operations.Where(o => o.Kind == "slotsswap").Select(o => o.Result).ShouldBe(["Faulted:conflict", "Faulted:conflict", "Succeeded"]);
    }

    /// <summary>
    /// Runs a swap whose long-running part the platform stretches by <paramref name="lroDelayMs"/> and cuts the activity
    /// off (a crash) once the platform has accepted it.
    /// </summary>
    private static async Task CrashAfterTheSwapIsAcceptedAsync(StandingSimulator sim, AppServiceActivities activities, SwapRequest request, int lroDelayMs)
    {
        sim.Host.State.InjectFault(new FaultSpec { Operation = "slotsswap", Kind = FaultSpec.LroDelay, DelayMs = lroDelayMs, Count = 1 });
        using var crash = new CancellationTokenSource();
        Task first = activities.SwapSlotsAsync(request, crash.Token);
        while (!sim.Host.State.Operations.Any(o => o.Kind == "slotsswap"))
        {
            await Task.Delay(5);
        }

        await crash.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => first);
    }
}
