using Seamless.Workflows.Orchestration;

namespace Seamless.Durable.Tests;

public sealed class SubOrchestrationTests
{
    private static void Register(WorkflowRegistry r) => r
        .AddActivity<int, int>("Square", (x, _) => Task.FromResult(x * x))
        .AddOrchestrator("Child", async ctx =>
        {
            int n = ctx.GetInput<int>();
            return n < 0 ? throw new InvalidOperationException("negative") : await ctx.CallActivityAsync<int>("Square", n);
        })
        .AddOrchestrator("Parent", async ctx =>
        {
            try
            {
                return await ctx.CallSubOrchestratorAsync<int>("Child", ctx.GetInput<int>(), new SubOrchestrationOptions(instanceId: ctx.InstanceId + ":child"));
            }
            catch (TaskFailedException ex)
            {
                return ex.FailureDetails.ErrorType + ": " + ex.FailureDetails.ErrorMessage;
            }
        })
        .AddOrchestrator("Anonymous", async ctx => await ctx.CallSubOrchestratorAsync<int>("Child", 3));

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildCompletes_ReturnsChildOutput()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(Register);

        // Act
        var result = await harness.RunAsync("Parent", 7, "p1");
        var child = await harness.Client.GetInstanceAsync("p1:child", getInputsAndOutputs: true);

        // Assert
        result.ReadOutputAs<int>().ShouldBe(49);
        child!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        child.ReadOutputAs<int>().ShouldBe(49);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildFails_ParentCatchesTaskFailedExceptionWithChildDetails()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(Register);

        // Act
        var result = await harness.RunAsync("Parent", -1, "p2");

        // Assert
        result.ReadOutputAs<string>().ShouldBe("System.InvalidOperationException: negative");
        (await harness.Client.GetInstanceAsync("p2:child"))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Failed);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_NoInstanceId_UsesDeterministicGuid()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(Register);

        // Act
        var result = await harness.RunAsync("Anonymous", instanceId: "anon");
        var created = (await harness.HistoryAsync("anon")).Single(e => e.EventType == HistoryEventType.SubOrchestrationInstanceCreated);

        // Assert
        result.ReadOutputAs<int>().ShouldBe(9);
        created.InstanceId!.Length.ShouldBe(32);
        (await harness.Client.GetInstanceAsync(created.InstanceId))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
    }
}
