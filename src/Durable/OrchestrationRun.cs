using System.Globalization;
using Microsoft.Extensions.Logging;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable;

/// <summary>
/// One replay of one execution: the <see cref="IOrchestrationContext"/> handed to orchestrator code
/// and the executor that feeds it history (DurableTask.Core's TaskOrchestrationExecutor and
/// TaskOrchestrationContext, plus durabletask-dotnet's wrapper for retries, events and timers).
/// A new instance is created for every episode; nothing survives between episodes but history.
/// </summary>
internal sealed class OrchestrationRun : IOrchestrationContext
{
    /// <summary>Longer timers are split into chunks of this size, as the isolated worker does by default.</summary>
    public static readonly TimeSpan MaximumTimerInterval = TimeSpan.FromDays(3);

    /// <summary>Custom status limit in UTF-16 characters (Durable's documented 16 KB).</summary>
    public const int MaxCustomStatusLength = 16 * 1024;

    private readonly string _name;
    private readonly OrchestratorFunc? _function;
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

    public OrchestrationRun(string instanceId, string name, OrchestratorFunc? function, ILoggerFactory loggerFactory)
    {
        InstanceId = instanceId;
        _name = name;
        _function = function;
        _loggerFactory = loggerFactory;
    }

    public string InstanceId { get; }

    public DateTime CurrentUtcDateTime { get; private set; }

    public bool IsReplaying { get; private set; }

    private bool Stopped => _terminated is not null || _fatal is not null;

    /// <summary>Replays <paramref name="past"/>, then applies <paramref name="newEvents"/> and returns the decisions.</summary>
    public EpisodeOutcome Execute(IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> newEvents)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_sync);
        try
        {
            IsReplaying = past.Count > 0;
            foreach (var e in past)
            {
                Process(e);
                if (Stopped)
                {
                    break;
                }
            }

            IsReplaying = false;
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
            _fatal = new TaskFailureDetails(typeof(NonDeterministicOrchestrationException).FullName!, ex.Message);
        }
        finally
        {
            _sync.Close();
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        return BuildOutcome();
    }

    public T? GetInput<T>() => WorkflowJson.Deserialize<T>(_input);

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string? json = WorkflowJson.Serialize(input);
        string? result = options?.Retry?.Policy is { } policy
            ? await WithRetryAsync(() => ScheduleAsync(ActionKind.Activity, name, json, null, null), policy)
            : await ScheduleAsync(ActionKind.Activity, name, json, null, null);
        return WorkflowJson.Deserialize<TResult>(result)!;
    }

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        CreateTimerCoreAsync(fireAt.ToUniversalTime(), cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimerCoreAsync(CurrentUtcDateTime + delay, cancellationToken);

    public async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
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

    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        // The timer is created first (it takes the sequence number), then both race.
        using var cancellation = new CancellationTokenSource();
        Task timer = CreateTimer(timeout, cancellation.Token);
        Task<T> waiter = WaitForExternalEvent<T>(eventName, cancellation.Token);
        await Task.WhenAny(timer, waiter);

        // Synchronous on purpose: CancelAsync would resume on the thread pool, outside the episode.
#pragma warning disable CA1849
        cancellation.Cancel();
#pragma warning restore CA1849
        return await waiter;
    }

    public void SendEvent(string instanceId, string eventName, object payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        int id = _sequence++;
        _pending.Add(id, new PendingAction(id, ActionKind.SendEvent, eventName, WorkflowJson.Serialize(payload), null, instanceId));
    }

    public void SetCustomStatus(object? customStatus)
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

    public async Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);

        // The child id is fixed once, before the first attempt.
        string childId = (options as SubOrchestrationOptions)?.InstanceId ?? NewGuid().ToString("N");
        string? json = WorkflowJson.Serialize(input);
        string? result = options?.Retry?.Policy is { } policy
            ? await WithRetryAsync(() => ScheduleAsync(ActionKind.SubOrchestration, orchestratorName, json, null, childId), policy)
            : await ScheduleAsync(ActionKind.SubOrchestration, orchestratorName, json, null, childId);
        return WorkflowJson.Deserialize<TResult>(result)!;
    }

    public Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        _continueAsNew = true;
        _continueAsNewInput = WorkflowJson.Serialize(newInput);
        _preserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    public Guid NewGuid()
    {
        string name = string.Create(
            CultureInfo.InvariantCulture,
            $"{InstanceId}_{CurrentUtcDateTime.ToString("o", CultureInfo.InvariantCulture)}_{_guidCounter++}");
        return DeterministicGuid.Create(DeterministicGuid.IsolatedNamespace, name);
    }

    public ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(_loggerFactory.CreateLogger(categoryName), this);

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
            if (policy.HandleFailure is { } handle && !handle(failure))
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

        return policy.DelayBeforeRetry(retryCount + 1);
    }

    private void Process(HistoryEvent e)
    {
        switch (e.EventType)
        {
            case HistoryEventType.OrchestratorStarted:
                CurrentUtcDateTime = DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc);
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
                    var details = e.FailureDetails ?? new TaskFailureDetails("System.Exception", e.Result ?? "unknown failure");
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
        if (_function is null)
        {
            _fatal = new TaskFailureDetails("OrchestratorTaskNotFound", $"No orchestrator task named '{_name}' was found.");
            return;
        }

        try
        {
            _functionTask = _function(this);
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
                ? new TaskFailureDetails(typeof(TaskFailedException).FullName!, tfe.Message, tfe.StackTrace, tfe.FailureDetails)
                : TaskFailureDetails.FromException(error);
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
            outcome.Failure = TaskFailureDetails.FromException(ex);
        }

        return outcome;
    }

    private sealed record OpenTask(TaskCompletionSource<string?> Source, ActionKind Kind, string? Name);
}
