using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
namespace Seamless.Durable.Tests;

public sealed partial class ReplayTests
{
    [Fact]
    public async Task CallActivityAsync_ThreeSteps_EachActivityRunsOnceAndHistoryHasSpecShape()
    {
        // Arrange
        var runs = new ConcurrentDictionary<int, int>();
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Double", (_, x) => { runs.AddOrUpdate(x, 1, (_, n) => n + 1); return Task.FromResult(x * 2); })
            .AddOrchestratorFunc<List<int>>("Seq", async ctx =>
            {
                var results = new List<int>();
                for (int i = 1; i <= 3; i++)
                {
                    results.Add(await ctx.CallActivityAsync<int>("Double", i));
                }

                return results;
            }));

        // Act
        var result = await harness.RunAsync("Seq", instanceId: "seq-1");
        var history = await harness.HistoryAsync("seq-1");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        result.ReadOutputAs<int[]>().ShouldBe([2, 4, 6]);
        runs.OrderBy(p => p.Key).Select(p => p.Value).ShouldBe([1, 1, 1]);
        history.Select(e => (e.EventType, e.EventType is HistoryEventType.TaskCompleted ? e.TaskScheduledId : e.EventId)).ShouldBe(
        [
            (HistoryEventType.OrchestratorStarted, -1), (HistoryEventType.ExecutionStarted, -1), (HistoryEventType.TaskScheduled, 0), (HistoryEventType.OrchestratorCompleted, -1),
            (HistoryEventType.OrchestratorStarted, -1), (HistoryEventType.TaskCompleted, 0), (HistoryEventType.TaskScheduled, 1), (HistoryEventType.OrchestratorCompleted, -1),
            (HistoryEventType.OrchestratorStarted, -1), (HistoryEventType.TaskCompleted, 1), (HistoryEventType.TaskScheduled, 2), (HistoryEventType.OrchestratorCompleted, -1),
            (HistoryEventType.OrchestratorStarted, -1), (HistoryEventType.TaskCompleted, 2), (HistoryEventType.ExecutionCompleted, 3), (HistoryEventType.OrchestratorCompleted, -1),
        ]);
    }

    [Fact]
    public async Task NewGuid_AcrossReplays_IsStable()
    {
        // Arrange
        var recorded = new ConcurrentBag<Guid>();
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<Guid, bool>("Record", (_, g) => { recorded.Add(g); return Task.FromResult(true); })
            .AddOrchestratorFunc<Guid>("Guids", async ctx =>
            {
                Guid first = ctx.NewGuid();
                await ctx.CallActivityAsync<bool>("Record", first);
                await ctx.CallActivityAsync<bool>("Record", ctx.NewGuid());
                return first;
            }));

        // Act
        var result = await harness.RunAsync("Guids");

        // Assert
        recorded.Count.ShouldBe(2);
        recorded.ShouldContain(result.ReadOutputAs<Guid>());
        recorded.Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task IsReplaying_FinalEpisode_TrueForReplayedStepsFalseForNewOnes()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Id", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<List<bool>>("Flags", async ctx =>
            {
                var flags = new List<bool> { ctx.IsReplaying };
                await ctx.CallActivityAsync<int>("Id", 1);
                flags.Add(ctx.IsReplaying);
                await ctx.CallActivityAsync<int>("Id", 2);
                flags.Add(ctx.IsReplaying);
                return flags;
            }));

        // Act
        var result = await harness.RunAsync("Flags");

        // Assert
        result.ReadOutputAs<bool[]>().ShouldBe([true, true, false]);
    }

    [Fact]
    public async Task CreateReplaySafeLogger_ThreeEpisodes_WritesEachLineOnce()
    {
        // Arrange: the SDK's replay-safe logger over the engine's logger factory and IsReplaying.
        var provider = new ListLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(provider));
        await using var harness = await EngineHarness.StartAsync(
            r => r
                .AddActivityFunc<int, int>("Id", (_, x) => Task.FromResult(x))
                .AddOrchestratorFunc<int>("Logged", async ctx =>
                {
                    ILogger log = ctx.CreateReplaySafeLogger("Logged");
                    Step(log, "start");
                    int a = await ctx.CallActivityAsync<int>("Id", 1);
                    Step(log, "after first");
                    int b = await ctx.CallActivityAsync<int>("Id", 2);
                    Step(log, "after second");
                    return a + b;
                }),
            loggerFactory: loggers);

        // Act
        var result = await harness.RunAsync("Logged");

        // Assert
        result.ReadOutputAs<int>().ShouldBe(3);
        provider.Lines.Where(l => l.StartsWith("Logged: ", StringComparison.Ordinal)).ShouldBe(
            ["Logged: start", "Logged: after first", "Logged: after second"]);
    }

    [Fact]
    public async Task CurrentUtcDateTime_BeforeAndAfterAwait_EqualsEpisodeStartTimes()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 5, 1, 12, 0, 0, TimeSpan.Zero));
        await using var harness = await EngineHarness.StartAsync(
            r => r
                .AddActivityFunc<int, int>("Tick", (_, x) => { clock.Advance(TimeSpan.FromMinutes(7)); return Task.FromResult(x); })
                .AddOrchestratorFunc<DateTime[]>("Times", async ctx =>
                {
                    DateTime before = ctx.CurrentUtcDateTime;
                    await ctx.CallActivityAsync<int>("Tick", 1);
                    return new[] { before, ctx.CurrentUtcDateTime };
                }),
            clock);

        // Act
        var result = await harness.RunAsync("Times", instanceId: "times");
        var starts = (await harness.HistoryAsync("times"))
            .Where(e => e.EventType == HistoryEventType.OrchestratorStarted).Select(e => e.Timestamp).ToList();

        // Assert
        var times = result.ReadOutputAs<DateTime[]>()!;
        times[0].ShouldBe(starts[0]);
        times[1].ShouldBe(starts[1]);
        (times[1] - times[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(7));
    }

    [Fact]
    public async Task CallActivityAsync_ActivityThrows_OrchestratorCatchesTaskFailedExceptionWithDetails()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("A", int (TaskActivityContext _, int _) => throw new InvalidOperationException("x"))
            .AddOrchestratorFunc<string>("Catch", async ctx =>
            {
                try
                {
                    await ctx.CallActivityAsync<int>("A", 1);
                    return "no";
                }
                catch (TaskFailedException ex)
                {
                    return $"{ex.TaskId}|{ex.FailureDetails.ErrorType}|{ex.Message}";
                }
            }));

        // Act
        var result = await harness.RunAsync("Catch");

        // Assert
        result.ReadOutputAs<string>().ShouldBe("0|System.InvalidOperationException|Task 'A' (#0) failed with an unhandled exception: x");
    }

    [Fact]
    public async Task CallActivityAsync_FailureUncaught_InstanceFailedWithInnerFailure()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("A", int (TaskActivityContext _, int _) => throw new InvalidOperationException("x"))
            .AddOrchestratorFunc<int>("NoCatch", ctx => ctx.CallActivityAsync<int>("A", 1)));

        // Act
        var result = await harness.RunAsync("NoCatch");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Failed);
        result.FailureDetails!.ErrorType.ShouldBe(typeof(TaskFailedException).FullName);
        result.FailureDetails.InnerFailure!.ErrorType.ShouldBe("System.InvalidOperationException");
    }

    [Fact]
    public async Task CallActivityAsync_UnknownActivity_FailsWithActivityTaskNotFound()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddOrchestratorFunc<int>("Missing", ctx => ctx.CallActivityAsync<int>("Nope", 1)));

        // Act
        var result = await harness.RunAsync("Missing");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Failed);
        result.FailureDetails!.InnerFailure!.ErrorType.ShouldBe("ActivityTaskNotFound");
    }

    [Theory]
    [InlineData(41, 42)]
    [InlineData(null, 1)]
    public async Task ScheduleNewOrchestrationInstanceAsync_TypedOrchestrator_ReceivesInputAsItsType(int? input, int expected)
    {
        // Arrange: as TaskOrchestrator<TInput, TOutput>; no input arrives as default(TInput).
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddOrchestratorFunc<int, int>("Typed", (_, n) => Task.FromResult(n + 1)));

        // Act
        var result = await harness.RunAsync("Typed", input);

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        result.ReadOutputAs<int>().ShouldBe(expected);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_NullInputAndOutput_StoredAsNull()
    {
        // Arrange
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddOrchestratorFunc<string?>("Nulls", ctx => ctx.GetInput<string>()));

        // Act
        var result = await harness.RunAsync("Nulls");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        result.SerializedInput.ShouldBeNull();
        result.SerializedOutput.ShouldBeNull();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Step}")]
    private static partial void Step(ILogger logger, string step);
}
