using System.Text.Json;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable;

/// <content>History replay: each event applied to the run, scheduled actions matched against what the orchestrator asks for again.</content>
internal sealed partial class OrchestrationRun
{
    private static string Describe(ActionKind kind, string? name) => kind switch
    {
        ActionKind.Activity => $"activity '{name}'",
        ActionKind.SubOrchestration => $"sub-orchestration '{name}'",
        ActionKind.SendEvent => $"event '{name}' to be sent",
        _ => "a timer",
    };

    private static ActionKind? KindOf(HistoryEventType type) => type switch
    {
        HistoryEventType.TaskScheduled => ActionKind.Activity,
        HistoryEventType.TimerCreated => ActionKind.Timer,
        HistoryEventType.SubOrchestrationInstanceCreated => ActionKind.SubOrchestration,
        HistoryEventType.EventSent => ActionKind.SendEvent,
        _ => null,
    };

    private void Process(HistoryEvent e)
    {
        switch (e.EventType)
        {
            case HistoryEventType.OrchestratorStarted:
                _now = DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc);
                break;
            case HistoryEventType.ExecutionStarted:
                Start(e);
                break;
            case HistoryEventType.TaskScheduled:
            case HistoryEventType.TimerCreated:
            case HistoryEventType.SubOrchestrationInstanceCreated:
            case HistoryEventType.EventSent:
                Match(e);
                break;
            case HistoryEventType.TaskCompleted:
            case HistoryEventType.SubOrchestrationInstanceCompleted:
            case HistoryEventType.TimerFired:
                if (_open.Remove(e.TaskScheduledId, out var done))
                {
                    done.Source.TrySetResult(e.Result);
                }

                break;
            case HistoryEventType.TaskFailed:
            case HistoryEventType.SubOrchestrationInstanceFailed:
                if (_open.Remove(e.TaskScheduledId, out var failed))
                {
                    var details = e.FailureDetails ?? Failure("System.Exception", e.Result ?? "unknown failure");
                    failed.Source.TrySetException(new TaskFailedException(failed.Name ?? string.Empty, e.TaskScheduledId, details));
                }

                break;
            case HistoryEventType.EventRaised:
                Raise(e);
                break;
            case HistoryEventType.ExecutionTerminated:
                _terminated = e;
                break;
            default:
                break;
        }

        _sync.Pump();
    }

    private void Start(HistoryEvent e)
    {
        _started = e;
        _input = e.Input;
        if (_orchestrator is null)
        {
            _fatal = Failure("OrchestratorTaskNotFound", $"No orchestrator task named '{_name}' was found.");
            return;
        }

        try
        {
            // As the Durable worker: the input arrives deserialized to the orchestrator's input type.
            object? input = _input is null
                ? null
                : JsonSerializer.Deserialize(_input, _orchestrator.InputType, WorkflowJson.Options);
            _functionTask = _orchestrator.RunAsync(this, input);
        }
#pragma warning disable CA1031 // Any exception from orchestrator code fails the instance.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _functionTask = Task.FromException<object?>(ex);
        }
    }

    private void Match(HistoryEvent e)
    {
        ActionKind kind = KindOf(e.EventType)!.Value;
        string expected = Describe(kind, e.Name);
        if (!_pending.Remove(e.EventId, out var action))
        {
            throw new NonDeterministicOrchestrationException(
                $"expected {expected} at sequence {e.EventId} but the orchestrator scheduled nothing there.");
        }

        bool namesMatter = kind is not ActionKind.Timer;
        if (action.Kind != kind || (namesMatter && !string.Equals(action.Name, e.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new NonDeterministicOrchestrationException(
                $"expected {expected} at sequence {e.EventId} but the orchestrator scheduled {Describe(action.Kind, action.Name)}.");
        }
    }

    private void Raise(HistoryEvent e)
    {
        if (_continueAsNew)
        {
            // Events after ContinueAsNew go to the next generation (carry-over).
            _carryOver.Add(e);
            return;
        }

        if (e.Name is not null && _waiters.TryGetValue(e.Name, out var stack) && stack.Count > 0)
        {
            // Newest waiter first (LIFO); a cancelled waiter swallows the event.
            stack.Pop().TrySetResult(e.Input);
            return;
        }

        _buffered.Add(e);
    }
}
