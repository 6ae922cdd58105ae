using Microsoft.Extensions.Time.Testing;

namespace Seamless.Durable.Tests;

public sealed class TimerTests
{
    private static Action<DurableTaskRegistry> Sleeper => r => r
        .AddOrchestratorFunc("Probe", _ => { })
        .AddOrchestratorFunc<string>("Sleep", async ctx =>
        {
            await ctx.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            return "woke";
        });

    [Fact]
    public async Task CreateTimer_EngineRestartedAfterFireTime_FiresAndCompletes()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var harness = await EngineHarness.StartAsync(Sleeper, clock);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Sleep", new StartOrchestrationOptions("sleeper"));
        await harness.WaitForHistoryAsync("sleeper", h => h.Any(e => e.EventType == HistoryEventType.TimerCreated));
        var beforeFire = await harness.Client.GetInstanceAsync("sleeper");
        await harness.StopAsync();

        // Act
        clock.Advance(TimeSpan.FromHours(1));
        await harness.StartEngineAsync(Sleeper);
        var result = await harness.WaitAsync("sleeper");

        // Assert
        beforeFire!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Running);
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        result.ReadOutputAs<string>().ShouldBe("woke");
        var timer = (await harness.HistoryAsync("sleeper")).Single(e => e.EventType == HistoryEventType.TimerCreated);
        timer.FireAt.ShouldBe(new DateTime(2030, 1, 1, 1, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task CreateTimer_ClockBeforeFireAt_DoesNotFire()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var harness = await EngineHarness.StartAsync(Sleeper, clock);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Sleep", new StartOrchestrationOptions("early"));
        await harness.WaitForHistoryAsync("early", h => h.Any(e => e.EventType == HistoryEventType.TimerCreated));

        // Act
        clock.Advance(TimeSpan.FromMinutes(59));
        await harness.RunAsync("Probe"); // a later work item: the dispatcher has looked at the clock since the advance
        var history = await harness.HistoryAsync("early");

        // Assert
        history.ShouldNotContain(e => e.EventType == HistoryEventType.TimerFired);
        (await harness.Client.GetInstanceAsync("early"))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Running);
    }

    [Fact]
    public async Task CreateTimer_SevenDays_SplitIntoThreeDayChunks()
    {
        // Arrange: a clock moved by hand to each chunk's fire time. (On a clock running two weeks per real second,
        // a fired chunk picked up 71 real ms late was already a day late, and the week needed a chunk fewer.)
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using var harness = await EngineHarness.StartAsync(
            r => r.AddOrchestratorFunc<string>("Week", async ctx =>
            {
                await ctx.CreateTimer(TimeSpan.FromDays(7), CancellationToken.None);
                return "done";
            }),
            clock);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Week", new StartOrchestrationOptions("week"));

        // Act: whenever the engine has created the next chunk, move the clock to its fire time.
        using var limit = new CancellationTokenSource(EngineHarness.WaitLimit);
        int reached = 0;
        // IsCompleted, not IsRunning: the SDK's IsRunning is false while the instance is still Pending.
        while (!(await harness.Client.GetInstanceAsync("week"))!.IsCompleted)
        {
            var created = (await harness.HistoryAsync("week")).Where(e => e.EventType == HistoryEventType.TimerCreated).ToList();
            if (created.Count > reached)
            {
                reached = created.Count;
                clock.Advance(created[^1].FireAt!.Value - clock.GetUtcNow().UtcDateTime);
            }

            await Task.Delay(10, limit.Token);
        }

        var result = await harness.WaitAsync("week");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        var timers = (await harness.HistoryAsync("week")).Where(e => e.EventType == HistoryEventType.TimerCreated).ToList();
        timers.Select(t => t.FireAt!.Value - start.UtcDateTime).ShouldBe([TimeSpan.FromDays(3), TimeSpan.FromDays(6), TimeSpan.FromDays(7)]);
        timers[0].Timestamp.ShouldBe(start.UtcDateTime);
    }

    [Fact]
    public async Task CreateTimer_CancelledAfterWhenAny_InstanceCompletesWithoutWaiting()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Fast", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<string>("Race", async ctx =>
            {
                using var cts = new CancellationTokenSource();
                Task timer = ctx.CreateTimer(TimeSpan.FromDays(1), cts.Token);
                Task<int> work = ctx.CallActivityAsync<int>("Fast", 5);
                Task winner = await Task.WhenAny(timer, work);
                cts.Cancel();
                return winner == work ? "work" : "timer";
            }));

        // Act
        var result = await harness.RunAsync("Race");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        result.ReadOutputAs<string>().ShouldBe("work");
    }
}
