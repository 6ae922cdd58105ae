namespace Seamless.Durable.Tests;

public sealed class SubOrchestrationTests
{
    private static void Register(DurableTaskRegistry r) => r
        .AddActivityFunc<int, int>("Square", (_, x) => Task.FromResult(x * x))
        .AddOrchestratorFunc<int>("Child", async ctx =>
        {
            int n = ctx.GetInput<int>();
            return n < 0 ? throw new InvalidOperationException("negative") : await ctx.CallActivityAsync<int>("Square", n);
        })
        .AddOrchestratorFunc<object>("Parent", async ctx =>
        {
            try
            {
                return await ctx.CallSubOrchestratorAsync<int>("Child", ctx.GetInput<int>(), new SubOrchestrationOptions { InstanceId = ctx.InstanceId + ":child" });
            }
            catch (TaskFailedException ex)
            {
                return ex.FailureDetails.ErrorType + ": " + ex.FailureDetails.ErrorMessage;
            }
        })
        .AddOrchestratorFunc<int>("Anonymous", ctx => ctx.CallSubOrchestratorAsync<int>("Child", 3))
        .AddOrchestratorFunc<string>("Retrying", async ctx =>
        {
            try
            {
                var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromMilliseconds(5)));
                return (await ctx.CallSubOrchestratorAsync<int>("Child", -1, retry)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (TaskFailedException ex)
            {
                return ex.FailureDetails.ErrorMessage;
            }
        });

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

    [Fact]
    public async Task CallSubOrchestratorAsync_RetryPolicyChildKeepsFailing_RetriesThenThrows()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(Register);

        // Act
        var result = await harness.RunAsync("Retrying", instanceId: "retrying");
        var created = (await harness.HistoryAsync("retrying")).Where(e => e.EventType == HistoryEventType.SubOrchestrationInstanceCreated).ToList();

        // Assert
        result.ReadOutputAs<string>().ShouldBe("negative");
        created.Count.ShouldBe(2);
        created.Select(e => e.InstanceId).Distinct().Count().ShouldBe(1);
    }
}
