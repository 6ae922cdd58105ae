
namespace Seamless.Durable;

/// <summary>
/// One event of an instance's history (also the shape of queued messages). A flat record instead
/// of DurableTask.Core's class hierarchy: only the fields that matter for the event's type are set.
/// </summary>
/// <param name="EventType">The kind of event.</param>
/// <param name="EventId">The sequence number for outbound actions, -1 otherwise.</param>
/// <param name="Timestamp">When the event was created (UTC, from the engine's TimeProvider).</param>
public sealed record HistoryEvent(HistoryEventType EventType, int EventId, DateTime Timestamp)
{
    /// <summary>Gets the activity, orchestrator or event name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the serialized input, event payload or termination reason.</summary>
    public string? Input { get; init; }

    /// <summary>Gets the serialized result.</summary>
    public string? Result { get; init; }

    /// <summary>Gets the sequence number a response refers to (TaskScheduledId, TimerId).</summary>
    public int TaskScheduledId { get; init; } = -1;

    /// <summary>Gets the fire time of a timer.</summary>
    public DateTime? FireAt { get; init; }

    /// <summary>Gets the target instance of a sent event or the child of a sub-orchestration.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Gets the execution id (ExecutionStarted).</summary>
    public string? ExecutionId { get; init; }

    /// <summary>Gets the failure details of a failed task or execution.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>Gets the parent instance of a sub-orchestration (ExecutionStarted).</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>Gets the parent's execution id (ExecutionStarted).</summary>
    public string? ParentExecutionId { get; init; }

    /// <summary>Gets the parent's sequence number for this sub-orchestration (ExecutionStarted).</summary>
    public int ParentTaskId { get; init; } = -1;

    /// <summary>Gets the final status (ExecutionCompleted).</summary>
    public OrchestrationRuntimeStatus? Status { get; init; }
}
