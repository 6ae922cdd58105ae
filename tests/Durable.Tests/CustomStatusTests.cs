namespace Seamless.Durable.Tests;

public sealed class CustomStatusTests
{
    [Fact]
    public async Task SetCustomStatus_BetweenEpisodes_VisibleToClientsAndLastCallWins()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r.AddOrchestratorFunc<string?>("Status", async ctx =>
        {
            ctx.SetCustomStatus("first");
            ctx.SetCustomStatus(new { Phase = "waiting", Step = 2 });
            await ctx.WaitForExternalEvent<int>("Go");
            ctx.SetCustomStatus("done");
            return null;
        }));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Status", new StartOrchestrationOptions("status"));
        await harness.WaitForHistoryAsync("status", h => h.Any(e => e.EventType == HistoryEventType.OrchestratorCompleted));

        // Act
        var waiting = await harness.Client.GetInstanceAsync("status", getInputsAndOutputs: true);
        await harness.Client.RaiseEventAsync("status", "Go", 1);
        var done = await harness.WaitAsync("status");

        // Assert
        waiting!.SerializedCustomStatus.ShouldBe("{\"phase\":\"waiting\",\"step\":2}");
        done.ReadCustomStatusAs<string>().ShouldBe("done");
    }

    [Fact]
    public async Task SetCustomStatus_OverLimit_ThrowsIntoOrchestrator()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r.AddOrchestratorFunc<string>("Big", ctx =>
        {
            try
            {
                ctx.SetCustomStatus(new string('x', OrchestrationRun.MaxCustomStatusLength));
                return "accepted";
            }
            catch (ArgumentException)
            {
                return "rejected";
            }
        }));

        // Act
        var result = await harness.RunAsync("Big");

        // Assert
        result.ReadOutputAs<string>().ShouldBe("rejected");
        result.SerializedCustomStatus.ShouldBeNull();
    }
}
