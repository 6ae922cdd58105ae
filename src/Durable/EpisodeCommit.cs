namespace Seamless.Durable;

/// <summary>Everything one episode writes; applied atomically with the others of its batch.</summary>
internal sealed class EpisodeCommit
{
    public required string InstanceId { get; init; }

    public List<long> ConsumedMessageIds { get; } = [];

    /// <summary>Gets or sets a value indicating whether only messages are consumed (dropped work item).</summary>
    public bool DropOnly { get; set; }

    public bool ResetHistory { get; set; }

    public int HistoryStart { get; set; }

    public List<HistoryEvent> AppendHistory { get; } = [];

    public string ExecutionId { get; set; } = string.Empty;

    public OrchestrationRuntimeStatus Status { get; set; }

    public bool InputChanged { get; set; }

    public string? Input { get; set; }

    public string? Output { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public bool CustomStatusSet { get; set; }

    public string? CustomStatus { get; set; }

    public List<(string Name, string? Input, int TaskId)> Activities { get; } = [];

    public List<OutboundMessage> Messages { get; } = [];

    public List<ChildStart> Children { get; } = [];
}
