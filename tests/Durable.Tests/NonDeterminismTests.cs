namespace Seamless.Durable.Tests;

public sealed class NonDeterminismTests
{
    private static Action<DurableTaskRegistry> Version(string firstActivity) => r => r
        .AddActivityFunc<int, int>("A", (_, x) => Task.FromResult(x))
        .AddActivityFunc<int, int>("X", (_, x) => Task.FromResult(x))
        .AddOrchestratorFunc<int>("Flow", async ctx =>
        {
            await ctx.CallActivityAsync<int>(firstActivity, 1);
            await ctx.WaitForExternalEvent<int>("Go");
            return await ctx.CallActivityAsync<int>("A", 2);
        });

    [Fact]
    public async Task Replay_OrchestratorCodeChangedAfterRestart_InstanceFailsNamingTheStep()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(Version("A"));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Flow", new StartOrchestrationOptions("flow"));
        await harness.WaitForHistoryAsync("flow", h => h.Any(e => e.EventType == HistoryEventType.TaskCompleted));
        await harness.RestartAsync(Version("X"));

        // Act
        await harness.Client.RaiseEventAsync("flow", "Go", 1);
        var result = await harness.WaitAsync("flow");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Failed);
        result.FailureDetails!.ErrorType.ShouldBe(typeof(NonDeterministicOrchestrationException).FullName);
        result.FailureDetails.ErrorMessage.ShouldContain("expected activity 'A' at sequence 0 but the orchestrator scheduled activity 'X'");
    }

    [Fact]
    public async Task Replay_SameCodeAfterRestart_Completes()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(Version("A"));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Flow", new StartOrchestrationOptions("flow"));
        await harness.WaitForHistoryAsync("flow", h => h.Any(e => e.EventType == HistoryEventType.TaskCompleted));
        await harness.RestartAsync(Version("A"));

        // Act
        await harness.Client.RaiseEventAsync("flow", "Go", 1);
        var result = await harness.WaitAsync("flow");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        result.ReadOutputAs<int>().ShouldBe(2);
    }
}
