namespace Seamless.Workflows;

/// <summary>Names under which both hosts register orchestrators, activities and events.</summary>
public static class WorkflowNames
{
    /// <summary>The upgrade orchestrator.</summary>
    public const string UpgradeOrchestrator = "UpgradeOrchestrator";

    /// <summary>The per-plan scale-in orchestrator.</summary>
    public const string ScaleInOrchestrator = "ScaleInOrchestrator";

    /// <summary>The alert-driven scale-out orchestrator.</summary>
    public const string ScaleOutOrchestrator = "ScaleOutOrchestrator";

    /// <summary>Event: approve a release waiting for approval.</summary>
    public const string ApproveEvent = "Approve";

    /// <summary>Event: abort a release (API or alert).</summary>
    public const string AbortEvent = "Abort";
}
