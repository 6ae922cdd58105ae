namespace Seamless.Durable.Tests;

public sealed class ContinueAsNewTests
{
    [Fact]
    public async Task ContinueAsNew_Loop_ResetsHistoryAndKeepsLastInput()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Inc", (_, x) => Task.FromResult(x + 1))
            .AddOrchestratorFunc<int?>("Counter", async ctx =>
            {
                int n = ctx.GetInput<int>();
                if (n >= 3)
                {
                    return n;
                }

                ctx.ContinueAsNew(await ctx.CallActivityAsync<int>("Inc", n));
                return null;
            }));

        // Act
        var result = await harness.RunAsync("Counter", 0, "counter");
        var history = await harness.HistoryAsync("counter");

        // Assert
        result.ReadOutputAs<int>().ShouldBe(3);
        result.ReadInputAs<int>().ShouldBe(3);
        history.Count(e => e.EventType == HistoryEventType.ExecutionStarted).ShouldBe(1);
        history.Single(e => e.EventType == HistoryEventType.ExecutionStarted).Input.ShouldBe("3");
        history.ShouldNotContain(e => e.EventType == HistoryEventType.TaskScheduled);
    }

    [Theory]
    [InlineData(true, "carried")]
    [InlineData(false, "lost")]
    public async Task ContinueAsNew_BufferedEvent_CarriedOnlyWhenPreserved(bool preserve, string expected)
    {
        // Arrange
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Gate", (_, _) => gate.Task)
            .AddOrchestratorFunc<string?>("Carry", async ctx =>
            {
                if (ctx.GetInput<int>() == 0)
                {
                    await ctx.CallActivityAsync<int>("Gate", 0);
                    ctx.ContinueAsNew(1, preserve);
                    return null;
                }

                try
                {
                    return await ctx.WaitForExternalEvent<string>("E", TimeSpan.FromMilliseconds(300));
                }
                catch (TaskCanceledException)
                {
                    return "lost";
                }
            }));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Carry", 0, new StartOrchestrationOptions("carry"));
        await harness.WaitForHistoryAsync("carry", h => h.Any(e => e.EventType == HistoryEventType.TaskScheduled));

        // Act
        await harness.Client.RaiseEventAsync("carry", "E", "carried");
        await harness.WaitForHistoryAsync("carry", h => h.Any(e => e.EventType == HistoryEventType.EventRaised));
        gate.SetResult(1);
        var result = await harness.WaitAsync("carry");

        // Assert
        result.ReadOutputAs<string>().ShouldBe(expected);
    }
}
