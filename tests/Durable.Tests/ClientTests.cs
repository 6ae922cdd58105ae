using Microsoft.Extensions.Time.Testing;

namespace Seamless.Durable.Tests;

public sealed class ClientTests
{
    private static Action<DurableTaskRegistry> Registry(TaskCompletionSource<int> gate) => r => r
        .AddActivityFunc<int, int>("Gate", (_, _) => gate.Task)
        .AddOrchestratorFunc<string?>("Echo", ctx => ctx.GetInput<string>())
        .AddOrchestratorFunc<string>("Waiter", ctx => ctx.WaitForExternalEvent<string>("Go"))
        .AddOrchestratorFunc<string>("Busy", async ctx =>
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
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Busy", new StartOrchestrationOptions("busy"));
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
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", new StartOrchestrationOptions("running"));

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
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", new StartOrchestrationOptions("single"));

        // Act
        var act = () => harness.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", new StartOrchestrationOptions("single"));

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
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate), clock);
        await harness.RunAsync("Echo", "a", "upgrade:a");
        clock.Advance(TimeSpan.FromHours(1));
        await harness.RunAsync("Echo", "b", "upgrade:b");
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", new StartOrchestrationOptions("scale-in:p"));

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
        var act = () => harness.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new StartOrchestrationOptions("a/b"));

        // Assert
        await Should.ThrowAsync<ArgumentException>(act);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_StartAtInFuture_PendingAndDuplicateRefusedUntilClockPasses()
    {
        // Arrange
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate), clock);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "late", new StartOrchestrationOptions("later", start.AddHours(1)));

        // Act
        await harness.RunAsync("Echo", "probe", "probe"); // a later work item: the dispatcher has looked at the clock
        var pending = await harness.Client.GetInstanceAsync("later");
        var duplicate = () => harness.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "again", new StartOrchestrationOptions("later"));
        await Should.ThrowAsync<OrchestrationAlreadyExistsException>(duplicate);
        clock.Advance(TimeSpan.FromHours(1));
        var started = await harness.WaitAsync("later");

        // Assert
        pending!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Pending);
        started.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        started.ReadOutputAs<string>().ShouldBe("late");
    }

    [Fact]
    public async Task WaitForInstanceStartAsync_Waiting_ReturnsRunning()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate));
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", new StartOrchestrationOptions("waiting"));

        // Act
        using var cts = new CancellationTokenSource(EngineHarness.WaitLimit);
        var started = await harness.Client.WaitForInstanceStartAsync("waiting", getInputsAndOutputs: false, cts.Token);

        // Assert
        started.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Running);
    }

    [Fact]
    public async Task GetAllInstancesAsync_PageSize_ReturnsPagesLinkedByContinuationToken()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate));
        foreach (string id in new[] { "page:0", "page:1", "page:2" })
        {
            await harness.RunAsync("Echo", id, id);
        }

        // Act
        var pages = new List<Page<OrchestrationMetadata>>();
        await foreach (var page in harness.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "page:", PageSize = 2 }).AsPages())
        {
            pages.Add(page);
        }

        // Assert
        pages.Select(p => p.Values.Select(m => m.InstanceId).ToList()).ShouldBe([["page:0", "page:1"], ["page:2"]]);
        pages[0].ContinuationToken.ShouldNotBeNull();
        pages[1].ContinuationToken.ShouldBeNull();
    }

    [Fact]
    public async Task GetAllInstancesAsync_QueryContinuationToken_ResumesAfterPreviousPage()
    {
        // Arrange
        var gate = new TaskCompletionSource<int>();
        await using var harness = await EngineHarness.StartAsync(Registry(gate));
        foreach (string id in new[] { "page:0", "page:1", "page:2" })
        {
            await harness.RunAsync("Echo", id, id);
        }

        string? token = null;
        await foreach (var page in harness.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "page:", PageSize = 2 }).AsPages())
        {
            token = page.ContinuationToken;
            break;
        }

        // Act: a later request resumes from the token, as the SDK's clients do (continuation ?? filter.ContinuationToken).
        var rest = await harness.Client.GetAllInstancesAsync(
            new OrchestrationQuery { InstanceIdPrefix = "page:", PageSize = 2, ContinuationToken = token }).ToListAsync();

        // Assert
        token.ShouldNotBeNull();
        rest.Select(m => m.InstanceId).ShouldBe(["page:2"]);
    }
}
