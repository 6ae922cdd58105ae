using Microsoft.Extensions.Logging;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable;

/// <summary>
/// One replay of one execution: the Durable Task SDK's <see cref="TaskOrchestrationContext"/> handed to orchestrator code
/// and the executor that feeds it history (DurableTask.Core's TaskOrchestrationExecutor and
/// TaskOrchestrationContext, plus durabletask-dotnet's wrapper for retries, events and timers).
/// A new instance is created for every episode; nothing survives between episodes but history.
/// </summary>
internal sealed partial class OrchestrationRun : TaskOrchestrationContext
{
    /// <summary>Longer timers are split into chunks of this size, as the isolated worker does by default.</summary>
    public static readonly TimeSpan MaximumTimerInterval = TimeSpan.FromDays(3);

    /// <summary>Custom status limit in UTF-16 characters (Durable's documented 16 KB).</summary>
    public const int MaxCustomStatusLength = 16 * 1024;

    private readonly string _name;
    private readonly ITaskOrchestrator? _orchestrator;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SortedDictionary<int, PendingAction> _pending = [];
    private readonly Dictionary<int, OpenTask> _open = [];
    private readonly Dictionary<string, Stack<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HistoryEvent> _buffered = [];
    private readonly List<HistoryEvent> _carryOver = [];
    private readonly EpisodeSynchronizationContext _sync = new();
    private int _sequence;
    private int _guidCounter;
    private string? _input;
    private HistoryEvent? _started;
    private Task<object?>? _functionTask;
    private bool _continueAsNew;
    private string? _continueAsNewInput;
    private bool _preserveUnprocessedEvents;
    private string? _customStatus;
    private bool _customStatusSet;
    private HistoryEvent? _terminated;
    private TaskFailureDetails? _fatal;

    private DateTime _now;
    private bool _replaying;

    public OrchestrationRun(string instanceId, string name, ITaskOrchestrator? orchestrator, ILoggerFactory loggerFactory)
    {
        InstanceId = instanceId;
        _name = name;
        _orchestrator = orchestrator;
        _loggerFactory = loggerFactory;
    }

    public override TaskName Name => new(_name);

    public override string InstanceId { get; }

    /// <summary>Gets the parent instance of a sub-orchestration (the engine records its id, not its name).</summary>
    public override ParentOrchestrationInstance? Parent =>
        _started?.ParentInstanceId is { } parent ? new ParentOrchestrationInstance(new TaskName(string.Empty), parent) : null;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => _replaying;

    protected override ILoggerFactory LoggerFactory => _loggerFactory;

    private bool Stopped => _terminated is not null || _fatal is not null;

    /// <summary>Replays <paramref name="past"/>, then applies <paramref name="newEvents"/> and returns the decisions.</summary>
    public EpisodeOutcome Execute(IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> newEvents)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_sync);
        try
        {
            _replaying = past.Count > 0;
            foreach (var e in past)
            {
                Process(e);
                if (Stopped)
                {
                    break;
                }
            }

            _replaying = false;
            foreach (var e in newEvents)
            {
                if (Stopped)
                {
                    break;
                }

                Process(e);
            }
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            _fatal = Failure(typeof(NonDeterministicOrchestrationException).FullName!, ex.Message);
        }
        finally
        {
            _sync.Close();
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        return BuildOutcome();
    }

    /// <summary>Creates failure details (the SDK record has no optional parameters to lean on).</summary>
    public static TaskFailureDetails Failure(string errorType, string errorMessage, string? stackTrace = null, TaskFailureDetails? inner = null) =>
        new(errorType, errorMessage, stackTrace, inner, null);

    /// <summary>Creates failure details from an exception, inner exceptions included.</summary>
    public static TaskFailureDetails FailureOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Failure(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FailureOf(exception.InnerException));
    }

    private EpisodeOutcome BuildOutcome()
    {
        var outcome = new EpisodeOutcome
        {
            Started = _started,
            CustomStatusSet = _customStatusSet,
            CustomStatus = _customStatus,
        };

        if (_fatal is not null)
        {
            outcome.Status = OrchestrationRuntimeStatus.Failed;
            outcome.Failure = _fatal;
            outcome.CompletionId = _sequence;
            return outcome;
        }

        if (_terminated is not null)
        {
            outcome.Status = OrchestrationRuntimeStatus.Terminated;
            outcome.Output = _terminated.Input;
            return outcome;
        }

        outcome.Actions.AddRange(_pending.Values);
        if (_functionTask is not { IsCompleted: true } || _open.Count > 0)
        {
            return outcome;
        }

        outcome.CompletionId = _sequence;
        if (_functionTask.IsFaulted || _functionTask.IsCanceled)
        {
            Exception error = _functionTask.Exception?.InnerException ?? new TaskCanceledException(_functionTask);
            outcome.Status = OrchestrationRuntimeStatus.Failed;
            outcome.Failure = error is TaskFailedException tfe
                ? Failure(typeof(TaskFailedException).FullName!, tfe.Message, tfe.StackTrace, tfe.FailureDetails)
                : OrchestrationRun.FailureOf(error);
            return outcome;
        }

        if (_continueAsNew)
        {
            outcome.ContinueAsNew = true;
            outcome.NewInput = _continueAsNewInput;
            if (_preserveUnprocessedEvents)
            {
                outcome.CarryOverEvents.AddRange(_buffered);
            }

            outcome.CarryOverEvents.AddRange(_carryOver);
            return outcome;
        }

        try
        {
            outcome.Output = WorkflowJson.Serialize(_functionTask.Result);
            outcome.Status = OrchestrationRuntimeStatus.Completed;
        }
#pragma warning disable CA1031 // An unserializable output fails the instance.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome.Status = OrchestrationRuntimeStatus.Failed;
            outcome.Failure = OrchestrationRun.FailureOf(ex);
        }

        return outcome;
    }

    private sealed record OpenTask(TaskCompletionSource<string?> Source, ActionKind Kind, string? Name);
}
