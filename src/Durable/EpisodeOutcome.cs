
namespace Seamless.Durable;

/// <summary>Kinds of durable actions an orchestrator produces.</summary>
internal enum ActionKind
{
    Activity,
    Timer,
    SubOrchestration,
    SendEvent,
}

/// <summary>An action produced by orchestrator code, matched against history or scheduled as new work.</summary>
internal sealed record PendingAction(int Id, ActionKind Kind, string? Name, string? Input, DateTime? FireAt, string? TargetInstanceId);

/// <summary>What an episode decided.</summary>
internal sealed class EpisodeOutcome
{
    /// <summary>Gets or sets the status after the episode (Running, Completed, Failed or Terminated); see <see cref="ContinueAsNew"/>.</summary>
    public OrchestrationRuntimeStatus Status { get; set; } = OrchestrationRuntimeStatus.Running;

    public bool ContinueAsNew { get; set; }

    public string? NewInput { get; set; }

    public List<HistoryEvent> CarryOverEvents { get; } = [];

    public string? Output { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public bool CustomStatusSet { get; set; }

    public string? CustomStatus { get; set; }

    /// <summary>Gets new actions in ascending sequence order.</summary>
    public List<PendingAction> Actions { get; } = [];

    /// <summary>Gets or sets the sequence number of the completion action.</summary>
    public int CompletionId { get; set; } = -1;

    public HistoryEvent? Started { get; set; }

    public bool IsTerminal => Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
