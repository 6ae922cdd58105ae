namespace Seamless.Durable;

/// <summary>An instance row.</summary>
internal sealed record InstanceRow(
    string InstanceId,
    string Name,
    string ExecutionId,
    OrchestrationRuntimeStatus Status,
    string? Input,
    string? Output,
    string? CustomStatus,
    TaskFailureDetails? Failure,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>A queued message for an instance.</summary>
internal sealed record QueuedMessage(long Id, string InstanceId, string? ExecutionId, HistoryEvent Event);

/// <summary>A message to enqueue.</summary>
internal sealed record OutboundMessage(string InstanceId, string? ExecutionId, DateTime VisibleAt, HistoryEvent Event);

/// <summary>A queued activity.</summary>
internal sealed record ActivityWorkItem(long Id, string InstanceId, string ExecutionId, int TaskId, string Name, string? Input);

/// <summary>A child instance to create (sub-orchestration start).</summary>
internal sealed record ChildStart(string InstanceId, string Name, string? Input, string ParentInstanceId, string ParentExecutionId, int ParentTaskId);
