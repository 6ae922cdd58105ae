using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable;

/// <summary>
/// One replay of one execution: the Durable Task SDK's <see cref="TaskOrchestrationContext"/> handed to orchestrator code
/// and the executor that feeds it history (DurableTask.Core's TaskOrchestrationExecutor and
/// TaskOrchestrationContext, plus durabletask-dotnet's wrapper for retries, events and timers).
/// A new instance is created for every episode; nothing survives between episodes but history.
/// </summary>
internal sealed class OrchestrationRun : TaskOrchestrationContext
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

    public override T GetInput<T>() => WorkflowJson.Deserialize<T>(_input)!;

    public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name.Name);
        string? json = WorkflowJson.Serialize(input);
        var policy = RetryPolicyOf(options);
        string? result = policy is not null
            ? await WithRetryAsync(() => ScheduleAsync(ActionKind.Activity, name.Name, json, null, null), policy)
            : await ScheduleAsync(ActionKind.Activity, name.Name, json, null, null);
        return WorkflowJson.Deserialize<TResult>(result)!;
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        CreateTimerCoreAsync(fireAt.ToUniversalTime(), cancellationToken);

    public override async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var source = new TaskCompletionSource<string?>();
        int index = _buffered.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            // Buffered events are delivered FIFO.
            source.SetResult(_buffered[index].Input);
            _buffered.RemoveAt(index);
        }
        else
        {
            if (cancellationToken.CanBeCanceled)
            {
                // As in durabletask-dotnet, a cancelled waiter stays on the stack and swallows the next event.
                cancellationToken.Register(() => source.TrySetCanceled(cancellationToken));
            }

            if (!_waiters.TryGetValue(eventName, out var stack))
            {
                stack = new Stack<TaskCompletionSource<string?>>();
                _waiters[eventName] = stack;
            }

            stack.Push(source);
        }

        string? payload = await source.Task;
        return WorkflowJson.Deserialize<T>(payload)!;
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        int id = _sequence++;
        _pending.Add(id, new PendingAction(id, ActionKind.SendEvent, eventName, WorkflowJson.Serialize(payload), null, instanceId));
    }

    public override void SetCustomStatus(object? customStatus)
    {
        string? json = WorkflowJson.Serialize(customStatus);
        if (json is not null && json.Length > MaxCustomStatusLength)
        {
            throw new ArgumentException(
                $"The custom status is {json.Length} characters; the limit is {MaxCustomStatusLength}.", nameof(customStatus));
        }

        _customStatus = json;
        _customStatusSet = true;
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name);

        // The child id is fixed once, before the first attempt.
        string childId = (options as SubOrchestrationOptions)?.InstanceId ?? NewGuid().ToString("N");
        string? json = WorkflowJson.Serialize(input);
        var policy = RetryPolicyOf(options);
        string? result = policy is not null
            ? await WithRetryAsync(() => ScheduleAsync(ActionKind.SubOrchestration, orchestratorName.Name, json, null, childId), policy)
            : await ScheduleAsync(ActionKind.SubOrchestration, orchestratorName.Name, json, null, childId);
        return WorkflowJson.Deserialize<TResult>(result)!;
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        _continueAsNew = true;
        _continueAsNewInput = WorkflowJson.Serialize(newInput);
        _preserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    public override Guid NewGuid()
    {
        string name = string.Create(
            CultureInfo.InvariantCulture,
            $"{InstanceId}_{CurrentUtcDateTime.ToString("o", CultureInfo.InvariantCulture)}_{_guidCounter++}");
        return DeterministicGuid.Create(DeterministicGuid.IsolatedNamespace, name);
    }

    private static global::DurableTask.Core.FailureDetails ToCore(TaskFailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is null ? null : ToCore(details.InnerFailure), isNonRetriable: false);

    private static RetryPolicy? RetryPolicyOf(TaskOptions? options)
    {
        if (options?.Retry is not { } retry)
        {
            return null;
        }

        return retry.Policy ?? throw new NotSupportedException(
            "The embedded engine runs declarative retry policies (TaskOptions.FromRetryPolicy); retry handlers are not supported.");
    }

    private static bool IsNonRetriable(TaskFailureDetails details) =>
        details.ErrorType is "ActivityTaskNotFound" or "OrchestratorTaskNotFound";

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

    private Task<string?> ScheduleAsync(ActionKind kind, string? name, string? input, DateTime? fireAt, string? target, CancellationToken cancellationToken = default)
    {
        int id = _sequence++;
        var source = new TaskCompletionSource<string?>();
        _pending.Add(id, new PendingAction(id, kind, name, input, fireAt, target));
        _open[id] = new OpenTask(source, kind, name);
        if (cancellationToken.CanBeCanceled)
        {
            // Cancelling unblocks completion but unschedules nothing; the late TimerFired is ignored.
            cancellationToken.Register(() =>
            {
                if (_open.Remove(id))
                {
                    source.TrySetCanceled(cancellationToken);
                }
            });
        }

        return source.Task;
    }

    private async Task CreateTimerCoreAsync(DateTime fireAt, CancellationToken cancellationToken)
    {
        while (fireAt - CurrentUtcDateTime > MaximumTimerInterval && !cancellationToken.IsCancellationRequested)
        {
            await ScheduleAsync(ActionKind.Timer, null, null, CurrentUtcDateTime + MaximumTimerInterval, null, cancellationToken);
        }

        await ScheduleAsync(ActionKind.Timer, null, null, fireAt, null, cancellationToken);
    }

    private async Task<string?> WithRetryAsync(Func<Task<string?>> attempt, RetryPolicy policy)
    {
        DateTime firstAttempt = CurrentUtcDateTime;
        for (int retryCount = 0; ; retryCount++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex) when (!IsNonRetriable(ex.FailureDetails))
            {
                if (retryCount + 1 >= policy.MaxNumberOfAttempts)
                {
                    // Zero-delay timer after the last attempt, kept for history compatibility with DurableTask.
                    await ScheduleAsync(ActionKind.Timer, null, null, CurrentUtcDateTime, null);
                    throw;
                }

                TimeSpan delay = RetryDelay(policy, retryCount, firstAttempt, ex.FailureDetails);
                if (delay <= TimeSpan.Zero)
                {
                    throw;
                }

                await ScheduleAsync(ActionKind.Timer, null, null, CurrentUtcDateTime + delay, null);
            }
        }
    }

    private TimeSpan RetryDelay(RetryPolicy policy, int retryCount, DateTime firstAttempt, TaskFailureDetails failure)
    {
        try
        {
            // RetryPolicy.HandleFailure is set-only: the SDK folds it into Handle, which expects the
            // DurableTask.Core exception the Durable worker passes, so the engine passes the same.
            if (!policy.Handle(new global::DurableTask.Core.Exceptions.TaskFailedException(-1, -1, string.Empty, string.Empty, failure.ErrorMessage, null)
            {
                FailureDetails = ToCore(failure),
            }))
            {
                return TimeSpan.Zero;
            }
        }
#pragma warning disable CA1031 // A throwing handler means "do not retry", as in DurableTask.
        catch (Exception)
#pragma warning restore CA1031
        {
            return TimeSpan.Zero;
        }

        if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && CurrentUtcDateTime >= firstAttempt + policy.RetryTimeout)
        {
            return TimeSpan.Zero;
        }

        // As DurableTask: firstRetryInterval × backoffCoefficient^(n-1), capped by maxRetryInterval.
        double ms = policy.FirstRetryInterval.TotalMilliseconds * Math.Pow(policy.BackoffCoefficient, retryCount);
        return ms >= policy.MaxRetryInterval.TotalMilliseconds ? policy.MaxRetryInterval : TimeSpan.FromMilliseconds(ms);
    }

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
