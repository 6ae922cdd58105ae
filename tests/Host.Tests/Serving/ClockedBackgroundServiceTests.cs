using Seamless.Core.Time;
using Seamless.Host.Serving;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// A Host loop's start is work on a virtual clock: simulated time does not move between the host starting the service
/// and the loop's first step, however late the thread pool runs the loop (.NET 10 starts <c>ExecuteAsync</c> there).
/// </summary>
public sealed class ClockedBackgroundServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    // Real time in which an unheld clock (5 ms of quiet per idle step) would move many times; no assertion measures it.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(150);

    // Guards against a hang only.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartAsync_LoopStartsLate_TimeStandsUntilItTakesTheStartingWorkAndMovesAfter()
    {
        var (clock, service) = await StartedAsync(loops: true);
        await using var disposeClock = clock;
        using var disposeService = service;
        await Task.Delay(Pause);
        var whileLate = clock.GetUtcNow();

        service.Gate.SetResult();
        (await service.Took.Task.WaitAsync(Hang)).ShouldBeTrue();
        await WaitUntilAsync(() => clock.GetUtcNow() > Start);
        await service.StopAsync(CancellationToken.None);

        whileLate.ShouldBe(Start);
    }

    [Fact]
    public async Task StopAsync_LoopNeverTookTheStartingWork_ReleasesTheClock()
    {
        var (clock, service) = await StartedAsync(loops: true);
        await using var disposeClock = clock;
        using var disposeService = service;
        await Task.Delay(Pause);
        var beforeStop = clock.GetUtcNow();
        await service.StopAsync(CancellationToken.None);
        await WaitUntilAsync(() => clock.GetUtcNow() > Start);

        beforeStop.ShouldBe(Start);
        service.Took.Task.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task StartAsync_ServiceDoesNotLoop_HoldsNothing()
    {
        var (clock, service) = await StartedAsync(loops: false);
        await using var disposeClock = clock;
        using var disposeService = service;
        await WaitUntilAsync(() => clock.GetUtcNow() > Start);
        await service.StopAsync(CancellationToken.None);

        clock.GetUtcNow().ShouldBeGreaterThan(Start);
    }

    /// <summary>A service started on a virtual clock whose real time (and so its quiet) begins only once the host's start has returned.</summary>
    private static async Task<(VirtualClock Clock, GatedLoop Service)> StartedAsync(bool loops)
    {
        var real = new RealTimeFromResume();
        var clock = new VirtualClock(Start, real: real);
        var service = new GatedLoop(clock, loops);
        await service.StartAsync(CancellationToken.None);
        real.Resume();
        return (clock, service);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(Hang);
        while (!condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }

    /// <summary>A loop held at a gate before its first step, as a loaded pool holds it; it then takes and ends the starting work.</summary>
    private sealed class GatedLoop(TimeProvider clock, bool loops) : ClockedBackgroundService(clock)
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Took { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override bool Loops => loops;

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (!loops)
            {
                return;
            }

            await Gate.Task.WaitAsync(stoppingToken);
            using var starting = TakeStartingWork();
            Took.SetResult(starting is not null);
        }
    }
}
