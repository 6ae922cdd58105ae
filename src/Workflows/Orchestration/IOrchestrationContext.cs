using Microsoft.Extensions.Logging;

namespace Seamless.Workflows.Orchestration;

/// <summary>
/// The orchestration context every Seamless orchestrator is written against. Members mirror
/// Microsoft.DurableTask's <c>TaskOrchestrationContext</c> one to one (names, overloads, semantics),
/// so the same orchestrator runs on Durable Functions (through the adapter in src/Functions) and on
/// the embedded engine in src/Durable. Orchestrator code must be deterministic: no clock, no random,
/// no I/O and no threads; use <see cref="CurrentUtcDateTime"/>, <see cref="NewGuid"/> and timers.
/// </summary>
public interface IOrchestrationContext
{
    /// <summary>Gets the id of this orchestration instance.</summary>
    string InstanceId { get; }

    /// <summary>Gets the replay-safe current time: the time of the episode being executed.</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>Gets a value indicating whether the orchestrator is replaying history.</summary>
    bool IsReplaying { get; }

    /// <summary>Deserializes the orchestration input.</summary>
    T? GetInput<T>();

    /// <summary>Schedules an activity and returns its result; failures surface as <see cref="TaskFailedException"/>.</summary>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity without a result.</summary>
    Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Creates a durable timer that fires at <paramref name="fireAt"/> (UTC).</summary>
    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Creates a durable timer that fires after <paramref name="delay"/>.</summary>
    Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Waits for an external event (names are case-insensitive; early events are buffered).</summary>
    Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an external event with a timeout; a timeout surfaces as <see cref="TaskCanceledException"/>.</summary>
    Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout);

    /// <summary>Sends a fire-and-forget event to another instance.</summary>
    void SendEvent(string instanceId, string eventName, object payload);

    /// <summary>Sets the custom status visible to clients.</summary>
    void SetCustomStatus(object? customStatus);

    /// <summary>Runs a sub-orchestration and returns its output.</summary>
    Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null);

    /// <summary>Runs a sub-orchestration without an output.</summary>
    Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null);

    /// <summary>Restarts the orchestration with a new input and a fresh history.</summary>
    void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>Returns a deterministic GUID (name-based, stable across replays).</summary>
    Guid NewGuid();

    /// <summary>Creates a logger that writes only when not replaying.</summary>
    ILogger CreateReplaySafeLogger(string categoryName);
}
