using Microsoft.Extensions.Time.Testing;

namespace Seamless.Durable.Tests;

/// <summary>Tests of <see cref="DurableEngine.NextWorkAt"/>, the engine's report of when it next has work.</summary>
public sealed class NextWorkAtTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Action<DurableTaskRegistry> Registry(TaskCompletionSource<int> gate, Action? activityStarted = null) => r => r
        .AddOrchestratorFunc<string?>("Echo", ctx => ctx.GetInput<string>())
        .AddOrchestratorFunc<string>("Sleep", async ctx =>
        {
            await ctx.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            return "woke";
        })
        .AddActivityFunc<int, int>("Blocked", async (_, x) =>
        {
            activityStarted?.Invoke();
            return await gate.Task + x;
        })
        .AddOrchestratorFunc<int>("Pair", async ctx =>
        {
            int[] results = await Task.WhenAll(ctx.CallActivityAsync<int>("Blocked", 1), ctx.CallActivityAsync<int>("Blocked", 2));
            return results.Sum();
        });

    [Fact]
    public async Task NextWorkAt_WorkerOpensItsWork_ActivityStillReportedReadyUntilThen()
    {
        // Arrange: a simulated clock that reads the engine's report at the instant a worker opens its work. Between the
        // engine saying "an activity is ready" and the worker's work being open there must be no moment in which the
        // engine reports nothing ready and no work is open: a virtual clock would read that moment as quiet and jump
        // (it did under load: a warm-up's next probe round was jumped over).
        // Each activity's result wakes the orchestration, which queues the next one while the worker that ran the first
        // may still be finishing it: a chain gives that hand-over many chances. (Two activities failed here once under CI
        // load; ActivityDispatcherTests pins the cause without a race.)
        const int Steps = 60;
        var clock = new ReportingClock(Start);
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Increment", (_, x) => x + 1)
            .AddOrchestratorFunc<int, int>("Chain", async (ctx, x) =>
            {
                for (int i = 0; i < Steps; i++)
                {
                    x = await ctx.CallActivityAsync<int>("Increment", x);
                }

                return x;
            }), clock);
        clock.Engine = harness.Engine;

        // Act
        var done = await harness.RunAsync("Chain", 3, "chain");

        // Assert
        done.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        done.ReadOutputAs<int>().ShouldBe(3 + Steps);
        clock.Reports.Count.ShouldBe(Steps);
        clock.Reports.ShouldAllBe(next => next != null && next <= Start, "the activity must read as ready until its worker's work is open");
    }

    [Fact]
    public async Task NextWorkAt_EngineStoppedWithWorkQueued_Null()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.StartAsync(Registry(new TaskCompletionSource<int>()), clock);
        await harness.Engine.StopAsync(); // stopped, not disposed: the store stays open
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "queued", new StartOrchestrationOptions("queued"));

        // Act
        var next = harness.Engine.NextWorkAt();

        // Assert
        harness.Engine.IsRunning.ShouldBeFalse();
        (await harness.Client.GetInstanceAsync("queued"))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Pending);
        next.ShouldBeNull();
    }

    [Fact]
    public async Task NextWorkAt_StartedAndIdle_Null()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.StartAsync(Registry(new TaskCompletionSource<int>()), clock);
        var fresh = harness.Engine.NextWorkAt();
        var echoed = await harness.RunAsync("Echo", "x", "done");

        // Act
        var afterWork = harness.Engine.NextWorkAt();

        // Assert
        echoed.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        fresh.ShouldBeNull();
        afterWork.ShouldBeNull();
    }

    [Fact]
    public async Task NextWorkAt_OrchestrationWaitingOnDurableTimer_TimerFireTime()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.StartAsync(Registry(new TaskCompletionSource<int>()), clock);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Sleep", new StartOrchestrationOptions("sleeper"));
        await harness.WaitForHistoryAsync("sleeper", h => h.Any(e => e.EventType == HistoryEventType.TimerCreated));

        // Act
        var next = harness.Engine.NextWorkAt();

        // Assert
        next.ShouldNotBeNull();
        next.Value.ShouldBe(Start.AddHours(1));
        next.Value.Offset.ShouldBe(TimeSpan.Zero);
        (await harness.Client.GetInstanceAsync("sleeper"))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Running);
    }

    [Fact]
    public async Task NextWorkAt_ReadWhileIdleThenWorkScheduled_SeesTheNewWork()
    {
        // Arrange: an idle engine answers (and may remember) "nothing queued" twice
        var clock = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.StartAsync(Registry(new TaskCompletionSource<int>()), clock);
        var idle = (harness.Engine.NextWorkAt(), harness.Engine.NextWorkAt());
        var startAt = Start.AddMinutes(10);

        // Act
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "late", new StartOrchestrationOptions("later", startAt));
        var next = harness.Engine.NextWorkAt();

        // Assert
        idle.ShouldBe((null, null));
        next.ShouldBe(startAt);
    }

    [Fact]
    public async Task NextWorkAt_ScheduledStartInFuture_StartTimeNotReadyNow()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.StartAsync(Registry(new TaskCompletionSource<int>()), clock);
        var startAt = Start.AddMinutes(30);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "late", new StartOrchestrationOptions("later", startAt));
        await harness.RunAsync("Echo", "probe", "probe"); // a later work item: the dispatcher has looked at the queue since

        // Act
        var next = harness.Engine.NextWorkAt();

        // Assert
        next.ShouldNotBeNull();
        next.Value.ShouldBe(startAt);
        next.Value.ShouldBeGreaterThan(clock.GetUtcNow());
        (await harness.Client.GetInstanceAsync("later"))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Pending);
    }

    [Fact]
    public async Task NextWorkAt_OnlyWorkerBusyAndSecondActivityQueued_NotReadyUntilWorkerFree()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        int started = 0;
        await using var harness = await EngineHarness.StartAsync(
            Registry(gate, () => Interlocked.Increment(ref started)),
            clock,
            configure: o => o.ActivityWorkerCount = 1);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Pair", new StartOrchestrationOptions("pair"));
        using (var limit = new CancellationTokenSource(EngineHarness.WaitLimit))
        {
            while (Volatile.Read(ref started) == 0)
            {
                await Task.Delay(10, limit.Token);
            }
        }

        var scheduled = (await harness.HistoryAsync("pair")).Count(e => e.EventType == HistoryEventType.TaskScheduled);

        // Act
        var whileBusy = harness.Engine.NextWorkAt();
        int startedWhileBusy = Volatile.Read(ref started);
        gate.SetResult(10);
        var result = await harness.WaitAsync("pair");
        var afterwards = harness.Engine.NextWorkAt();

        // Assert
        scheduled.ShouldBe(2);
        startedWhileBusy.ShouldBe(1);
        whileBusy.ShouldBeNull("the queued activity waits for the only worker and nothing else is queued");
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        result.ReadOutputAs<int>().ShouldBe(23);
        Volatile.Read(ref started).ShouldBe(2);
        afterwards.ShouldBeNull();
    }

    /// <summary>A standing simulated clock that records the engine's next-work report whenever work opens on it.</summary>
    private sealed class ReportingClock(DateTimeOffset now) : Seamless.Core.Time.SimulatedClock
    {
        private readonly List<DateTimeOffset?> _reports = [];

        public DurableEngine? Engine { get; set; }

        public IReadOnlyList<DateTimeOffset?> Reports
        {
            get
            {
                lock (_reports)
                {
                    return [.. _reports];
                }
            }
        }

        public override double Scale => 0;

        public override DateTimeOffset GetUtcNow() => now;

        public override TimeSpan ToReal(TimeSpan simulated) => simulated;

        public override TimeSpan FromReal(TimeSpan real) => real;

        public override Task DelayAsync(TimeSpan simulated, CancellationToken cancellationToken) => Task.Delay(simulated, cancellationToken);

        public override IDisposable Work()
        {
            if (Engine is { } engine)
            {
                lock (_reports)
                {
                    _reports.Add(engine.NextWorkAt());
                }
            }

            return base.Work();
        }
    }
}
