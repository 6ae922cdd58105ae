using Seamless.Workflows.Orchestration;

namespace Seamless.Durable.Tests;

public sealed class ClientTests
{
    private static Action<WorkflowRegistry> Registry(TaskCompletionSource<int> gate) => r => r
        .AddActivity<int, int>("Gate", (_, _) => gate.Task)
        .AddOrchestrator("Echo", ctx => Task.FromResult<object?>(ctx.GetInput<string>()))
        .AddOrchestrator("Waiter", async ctx => await ctx.WaitForExternalEvent<string>("Go"))
        .AddOrchestrator("Busy", async ctx =>
        {
            Task timer = ctx.CreateTimer(TimeSpan.FromDays(1), CancellationToken.None);
            Task<int> work = ctx.CallActivityAsync<int>("Gate", 0);
            await Task.WhenAll(timer, work);
            return "finished";
        });

    [Fact]
    public async Task TerminateInstanceAsync_RunningWithPendingWork_TerminatedWithReasonAndLateResultIgnored()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await EngineHarness.StartAsync(Registry(gate));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Busy", options: new StartOrchestrationOptions("busy"));
        await harness.WaitForHistoryAsync("busy", h => h.Any(e => e.EventType == HistoryEventType.TaskScheduled));

        // Act
        await harness.Client.TerminateInstanceAsync("busy", "operator abort");
        var terminated = await harness.WaitAsync("busy");
        gate.SetResult(1);
        await harness.RunAsync("Echo", "after", "after"); // later work item: the late activity result has been processed or dropped
        var after = await harness.Client.GetInstanceAsync("busy", getInputsAndOutputs: true);

        // Assert
        terminated.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Terminated);
        terminated.ReadOutputAs<string>().ShouldBe("operator abort");
        after!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Terminated);
        after.ReadOutputAs<string>().ShouldBe("operator abort");
    }

    [Fact]
    public async Task PurgeInstanceAsync_CompletedAndRunning_PurgesOnlyCompleted()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate));
        await harness.RunAsync("Echo", "x", "finished");
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", options: new StartOrchestrationOptions("running"));

        // Act
        var purgedFinished = await harness.Client.PurgeInstanceAsync("finished");
        var purgedRunning = await harness.Client.PurgeInstanceAsync("running");
        var purgedMissing = await harness.Client.PurgeInstanceAsync("missing");

        // Assert
        purgedFinished.PurgedInstanceCount.ShouldBe(1);
        (await harness.Client.GetInstanceAsync("finished")).ShouldBeNull();
        (await harness.HistoryAsync("finished")).ShouldBeEmpty();
        purgedRunning.PurgedInstanceCount.ShouldBe(0);
        (await harness.Client.GetInstanceAsync("running")).ShouldNotBeNull();
        purgedMissing.PurgedInstanceCount.ShouldBe(0);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_IdRunning_ThrowsOrchestrationAlreadyExists()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", options: new StartOrchestrationOptions("single"));

        // Act
        var act = () => harness.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", options: new StartOrchestrationOptions("single"));

        // Assert
        (await Should.ThrowAsync<OrchestrationAlreadyExistsException>(act)).InstanceId.ShouldBe("single");
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_IdCompleted_ReplacesInstance()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate));
        await harness.RunAsync("Echo", "first", "reused");

        // Act
        var second = await harness.RunAsync("Echo", "second", "reused");

        // Assert
        second.ReadOutputAs<string>().ShouldBe("second");
        (await harness.HistoryAsync("reused")).Count(e => e.EventType == HistoryEventType.ExecutionStarted).ShouldBe(1);
    }

    [Fact]
    public async Task GetAllInstancesAsync_Filters_ReturnMatchingInstances()
    {
        // Arrange
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate), clock);
        await harness.RunAsync("Echo", "a", "upgrade:a");
        clock.Advance(TimeSpan.FromHours(1));
        await harness.RunAsync("Echo", "b", "upgrade:b");
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", options: new StartOrchestrationOptions("scale-in:p"));

        // Act
        var upgrades = await harness.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "upgrade:" }).ToListAsync();
        var late = await harness.Client.GetAllInstancesAsync(new OrchestrationQuery { CreatedFrom = clock.GetUtcNow().AddMinutes(-1) }).ToListAsync();
        var running = await harness.Client.GetAllInstancesAsync(new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending],
        }).ToListAsync();
        var early = await harness.Client.GetAllInstancesAsync(new OrchestrationQuery { CreatedTo = clock.GetUtcNow().AddMinutes(-30), FetchInputsAndOutputs = true }).ToListAsync();

        // Assert
        upgrades.Select(m => m.InstanceId).ShouldBe(["upgrade:a", "upgrade:b"]);
        late.Select(m => m.InstanceId).OrderBy(i => i, StringComparer.Ordinal).ShouldBe(["scale-in:p", "upgrade:b"]);
        running.Select(m => m.InstanceId).ShouldBe(["scale-in:p"]);
        early.Single().ReadOutputAs<string>().ShouldBe("a");
    }

    [Fact]
    public async Task GetInstanceAsync_Completed_ReportsInputOutputAndTimestamps()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate));

        // Act
        await harness.RunAsync("Echo", "hello", "meta");
        var withData = await harness.Client.GetInstanceAsync("meta", getInputsAndOutputs: true);
        var withoutData = await harness.Client.GetInstanceAsync("meta");

        // Assert
        withData!.Name.ShouldBe("Echo");
        withData.ReadInputAs<string>().ShouldBe("hello");
        withData.ReadOutputAs<string>().ShouldBe("hello");
        withData.LastUpdatedAt.ShouldBeGreaterThanOrEqualTo(withData.CreatedAt);
        withData.IsCompleted.ShouldBeTrue();
        withoutData!.SerializedOutput.ShouldBeNull();
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_InvalidId_Throws()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate));

        // Act
        var act = () => harness.Client.ScheduleNewOrchestrationInstanceAsync("Echo", options: new StartOrchestrationOptions("a/b"));

        // Assert
        await Should.ThrowAsync<ArgumentException>(act);
    }
}
