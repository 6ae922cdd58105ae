using Microsoft.Extensions.Logging.Abstractions;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable.Tests;

public sealed class OrchestrationRunTests
{
    private static readonly DateTime Jan1 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void NewGuid_SpecVector_MatchesIsolatedWorker()
    {
        // Arrange
        var run = new OrchestrationRun("abc", "G", Orchestrator(ctx => Task.FromResult(new[] { ctx.NewGuid(), ctx.NewGuid() })), NullLoggerFactory.Instance);
        HistoryEvent[] events =
        [
            new(HistoryEventType.OrchestratorStarted, -1, Jan1),
            new(HistoryEventType.ExecutionStarted, -1, Jan1) { Name = "G" },
        ];

        // Act
        var outcome = run.Execute([], events);

        // Assert
        outcome.Status.ShouldBe(OrchestrationRuntimeStatus.Completed);
        WorkflowJson.Deserialize<Guid[]>(outcome.Output).ShouldBe(
        [
            Guid.Parse("80835b95-20cf-5cec-8922-92309c9a2bb6"),
            Guid.Parse("cd0470d7-c0a8-58a1-a46d-6f710b2e976a"),
        ]);
    }

    [Fact]
    public void Execute_HistoryNamesOtherActivity_FailsWithNonDeterminismNamingTheStep()
    {
        // Arrange
        var run = new OrchestrationRun("i", "O", Orchestrator(ctx => ctx.CallActivityAsync<int>("B")), NullLoggerFactory.Instance);
        HistoryEvent[] past =
        [
            new(HistoryEventType.OrchestratorStarted, -1, Jan1),
            new(HistoryEventType.ExecutionStarted, -1, Jan1) { Name = "O" },
            new(HistoryEventType.TaskScheduled, 0, Jan1) { Name = "A" },
            new(HistoryEventType.OrchestratorCompleted, -1, Jan1),
        ];

        // Act
        var outcome = run.Execute(past, [new(HistoryEventType.OrchestratorStarted, -1, Jan1)]);

        // Assert
        outcome.Status.ShouldBe(OrchestrationRuntimeStatus.Failed);
        outcome.Failure!.ErrorType.ShouldBe(typeof(NonDeterministicOrchestrationException).FullName);
        outcome.Failure.ErrorMessage.ShouldBe(
            "Non-Deterministic workflow detected: expected activity 'A' at sequence 0 but the orchestrator scheduled activity 'B'.");
    }

    [Fact]
    public void Execute_TimerWhereHistoryHasActivity_FailsAsKindMismatch()
    {
        // Arrange
        var run = new OrchestrationRun("i", "O", Orchestrator<object?>(async ctx => { await ctx.CreateTimer(TimeSpan.FromMinutes(1), CancellationToken.None); return null; }), NullLoggerFactory.Instance);
        HistoryEvent[] past =
        [
            new(HistoryEventType.OrchestratorStarted, -1, Jan1),
            new(HistoryEventType.ExecutionStarted, -1, Jan1) { Name = "O" },
            new(HistoryEventType.TaskScheduled, 0, Jan1) { Name = "A" },
        ];

        // Act
        var outcome = run.Execute(past, [new(HistoryEventType.OrchestratorStarted, -1, Jan1)]);

        // Assert
        outcome.Failure!.ErrorMessage.ShouldContain("expected activity 'A' at sequence 0 but the orchestrator scheduled a timer");
    }

    [Fact]
    public void Execute_ActivityNameDiffersOnlyInCaseAndInput_DoesNotFail()
    {
        // Arrange
        var run = new OrchestrationRun("i", "O", Orchestrator(ctx => ctx.CallActivityAsync<int>("a", 42)), NullLoggerFactory.Instance);
        HistoryEvent[] past =
        [
            new(HistoryEventType.OrchestratorStarted, -1, Jan1),
            new(HistoryEventType.ExecutionStarted, -1, Jan1) { Name = "O" },
            new(HistoryEventType.TaskScheduled, 0, Jan1) { Name = "A", Input = "1" },
        ];

        // Act
        var outcome = run.Execute(past, [new(HistoryEventType.OrchestratorStarted, -1, Jan1), new(HistoryEventType.TaskCompleted, -1, Jan1) { TaskScheduledId = 0, Result = "7" }]);

        // Assert
        outcome.Status.ShouldBe(OrchestrationRuntimeStatus.Completed);
        outcome.Output.ShouldBe("7");
    }

    [Fact]
    public void Execute_ReturnWhileTimerOpen_StaysRunningUntilTimerFires()
    {
        // Arrange
        var body = Orchestrator(ctx =>
        {
            _ = ctx.CreateTimer(TimeSpan.FromMinutes(1), CancellationToken.None);
            return Task.FromResult("done");
        });
        HistoryEvent[] first = [new(HistoryEventType.OrchestratorStarted, -1, Jan1), new(HistoryEventType.ExecutionStarted, -1, Jan1) { Name = "O" }];

        // Act
        var open = new OrchestrationRun("i", "O", body, NullLoggerFactory.Instance).Execute([], first);
        HistoryEvent[] past = [.. first, new(HistoryEventType.TimerCreated, 0, Jan1) { FireAt = Jan1.AddMinutes(1) }];
        var fired = new OrchestrationRun("i", "O", body, NullLoggerFactory.Instance).Execute(
            past, [new(HistoryEventType.OrchestratorStarted, -1, Jan1.AddMinutes(1)), new(HistoryEventType.TimerFired, -1, Jan1) { TaskScheduledId = 0 }]);

        // Assert
        open.Status.ShouldBe(OrchestrationRuntimeStatus.Running);
        open.Actions.Single().Kind.ShouldBe(ActionKind.Timer);
        fired.Status.ShouldBe(OrchestrationRuntimeStatus.Completed);
        fired.Output.ShouldBe("\"done\"");
    }

    [Fact]
    public void Execute_TwoWaitersThenTwoEvents_NewestWaiterGetsFirstEvent()
    {
        // Arrange
        var run = new OrchestrationRun(
            "i",
            "O",
            Orchestrator(async ctx =>
            {
                var w1 = ctx.WaitForExternalEvent<string>("E");
                var w2 = ctx.WaitForExternalEvent<string>("e");
                return new[] { await w1, await w2 };
            }),
            NullLoggerFactory.Instance);

        // Act
        var outcome = run.Execute([], [
            new(HistoryEventType.OrchestratorStarted, -1, Jan1),
            new(HistoryEventType.ExecutionStarted, -1, Jan1) { Name = "O" },
            new(HistoryEventType.EventRaised, -1, Jan1) { Name = "E", Input = "\"e1\"" },
            new(HistoryEventType.EventRaised, -1, Jan1) { Name = "E", Input = "\"e2\"" },
        ]);

        // Assert
        WorkflowJson.Deserialize<string[]>(outcome.Output).ShouldBe(["e2", "e1"]);
    }

    [Fact]
    public void Execute_UnknownOrchestrator_FailsWithOrchestratorTaskNotFound()
    {
        // Arrange
        var run = new OrchestrationRun("i", "Missing", null, NullLoggerFactory.Instance);

        // Act
        var outcome = run.Execute([], [new(HistoryEventType.OrchestratorStarted, -1, Jan1), new(HistoryEventType.ExecutionStarted, -1, Jan1)]);

        // Assert
        outcome.Status.ShouldBe(OrchestrationRuntimeStatus.Failed);
        outcome.Failure!.ErrorType.ShouldBe("OrchestratorTaskNotFound");
    }

    /// <summary>An orchestrator that ignores its typed input, as the SDK's AddOrchestratorFunc&lt;TOutput&gt; registers it.</summary>
    private static TaskOrchestrator<object?, TOutput> Orchestrator<TOutput>(Func<TaskOrchestrationContext, Task<TOutput>> body) =>
        FuncTaskOrchestrator.Create<object?, TOutput>((ctx, _) => body(ctx));
}
