using Microsoft.Extensions.Time.Testing;

namespace Seamless.Durable.Tests;

public sealed class ExternalEventTests
{
    [Fact]
    public async Task WaitForExternalEvent_EventRaisedBeforeWait_IsDeliveredFromBuffer()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Gate", (_, _) => gate.Task)
            .AddOrchestratorFunc<string>("Early", async ctx =>
            {
                await ctx.CallActivityAsync<int>("Gate", 0);
                return await ctx.WaitForExternalEvent<string>("Approve");
            }));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Early", new StartOrchestrationOptions("early"));
        await harness.WaitForHistoryAsync("early", h => h.Any(e => e.EventType == HistoryEventType.TaskScheduled));

        // Act
        await harness.Client.RaiseEventAsync("early", "APPROVE", "yes");
        await harness.WaitForHistoryAsync("early", h => h.Any(e => e.EventType == HistoryEventType.EventRaised));
        gate.SetResult(1);
        var result = await harness.WaitAsync("early");

        // Assert
        result.ReadOutputAs<string>().ShouldBe("yes");
    }

    [Fact]
    public async Task WaitForExternalEvent_TwoBufferedEvents_DeliveredInArrivalOrder()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Gate", (_, _) => gate.Task)
            .AddOrchestratorFunc<string>("Fifo", async ctx =>
            {
                await ctx.CallActivityAsync<int>("Gate", 0);
                string a = await ctx.WaitForExternalEvent<string>("E");
                string b = await ctx.WaitForExternalEvent<string>("E");
                return a + b;
            }));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Fifo", new StartOrchestrationOptions("fifo"));
        await harness.WaitForHistoryAsync("fifo", h => h.Any(e => e.EventType == HistoryEventType.TaskScheduled));

        // Act
        await harness.Client.RaiseEventAsync("fifo", "E", "1");
        await harness.Client.RaiseEventAsync("fifo", "e", "2");
        await harness.WaitForHistoryAsync("fifo", h => h.Count(e => e.EventType == HistoryEventType.EventRaised) == 2);
        gate.SetResult(1);
        var result = await harness.WaitAsync("fifo");

        // Assert
        result.ReadOutputAs<string>().ShouldBe("12");
    }

    [Fact]
    public async Task WaitForExternalEvent_TimeoutElapses_ThrowsTaskCanceledException()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var harness = await EngineHarness.StartAsync(
            r => r.AddOrchestratorFunc<string>("Timeout", async ctx =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("Never", TimeSpan.FromMinutes(1));
                }
                catch (TaskCanceledException)
                {
                    return "timed out";
                }
            }),
            clock);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Timeout", new StartOrchestrationOptions("t"));
        await harness.WaitForHistoryAsync("t", h => h.Any(e => e.EventType == HistoryEventType.TimerCreated));

        // Act
        clock.Advance(TimeSpan.FromMinutes(1));
        var result = await harness.WaitAsync("t");

        // Assert
        result.ReadOutputAs<string>().ShouldBe("timed out");
        (await harness.HistoryAsync("t")).First(e => e.EventType == HistoryEventType.TimerCreated).EventId.ShouldBe(0);
    }

    [Fact]
    public async Task WaitForExternalEvent_EventBeforeTimeout_ReturnsPayloadAndCompletes()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddOrchestratorFunc<int>("InTime", ctx => ctx.WaitForExternalEvent<int>("Value", TimeSpan.FromDays(1))));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("InTime", new StartOrchestrationOptions("in-time"));
        await harness.WaitForHistoryAsync("in-time", h => h.Any(e => e.EventType == HistoryEventType.TimerCreated));

        // Act
        await harness.Client.RaiseEventAsync("in-time", "value", 42);
        var result = await harness.WaitAsync("in-time");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        result.ReadOutputAs<int>().ShouldBe(42);
    }

    [Fact]
    public async Task RaiseEventAsync_CompletedOrUnknownInstance_IsIgnored()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r.AddOrchestratorFunc<int>("Done", _ => 1));
        await harness.RunAsync("Done", instanceId: "done");
        int before = (await harness.HistoryAsync("done")).Count;

        // Act
        await harness.Client.RaiseEventAsync("done", "E", 1);
        await harness.Client.RaiseEventAsync("nobody", "E", 1);
        await harness.RunAsync("Done", instanceId: "later");

        // Assert
        (await harness.HistoryAsync("done")).Count.ShouldBe(before);
        (await harness.Client.GetInstanceAsync("nobody")).ShouldBeNull();
    }

    [Fact]
    public async Task SendEvent_ToOtherInstance_DeliversEvent()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddOrchestratorFunc<string>("Receiver", ctx => ctx.WaitForExternalEvent<string>("Ping"))
            .AddOrchestratorFunc("Sender", ctx => ctx.SendEvent("receiver", "Ping", "pong")));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Receiver", new StartOrchestrationOptions("receiver"));

        // Act
        await harness.RunAsync("Sender", instanceId: "sender");
        var result = await harness.WaitAsync("receiver");

        // Assert
        result.ReadOutputAs<string>().ShouldBe("pong");
        (await harness.HistoryAsync("sender")).ShouldContain(e => e.EventType == HistoryEventType.EventSent && e.EventId == 0);
    }
}
