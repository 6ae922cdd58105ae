namespace Seamless.Workflows.Activities;

/// <summary>Activity names, identical in both hosts.</summary>
public static class ActivityNames
{
    /// <summary>Reads a site or slot.</summary>
    public const string GetSite = "GetSite";

    /// <summary>Lists a site's instances.</summary>
    public const string ListInstances = "ListInstances";

    /// <summary>Reads app setting names of a slot.</summary>
    public const string GetAppSettingNames = "GetAppSettingNames";

    /// <summary>Reads sticky setting names.</summary>
    public const string GetSlotConfigNames = "GetSlotConfigNames";

    /// <summary>Reads the build a slot runs from the configured build identity source.</summary>
    public const string ResolveBuild = "ResolveBuild";

    /// <summary>Swap with preview phase 1.</summary>
    public const string ApplySlotConfig = "ApplySlotConfig";

    /// <summary>Cancels a swap with preview.</summary>
    public const string ResetSlotConfig = "ResetSlotConfig";

    /// <summary>Swaps two slots (idempotent).</summary>
    public const string SwapSlots = "SwapSlots";

    /// <summary>Sets traffic routing to a slot.</summary>
    public const string SetRouting = "SetRouting";

    /// <summary>Reads a plan.</summary>
    public const string GetPlan = "GetPlan";

    /// <summary>Sets a plan's capacity.</summary>
    public const string SetPlanCapacity = "SetPlanCapacity";

    /// <summary>Probes instances of a slot.</summary>
    public const string ProbeSlot = "ProbeSlot";

    /// <summary>Reads slot metrics.</summary>
    public const string ReadSlotMetrics = "ReadSlotMetrics";

    /// <summary>Reads plan metrics.</summary>
    public const string ReadPlanMetrics = "ReadPlanMetrics";

    /// <summary>Reads what draining an instance of a plan would do: its sites' affinity, requests, response time and queue.</summary>
    public const string ReadDrainFacts = "ReadDrainFacts";

    /// <summary>Learns a plan's headroom from its demand history and estimates the capacity the overload budget requires now.</summary>
    public const string LearnHeadroom = "LearnHeadroom";

    /// <summary>Checks a resource against the allow-list.</summary>
    public const string CheckManaged = "CheckManaged";

    /// <summary>Takes or renews a plan capacity lease.</summary>
    public const string AcquirePlanLease = "AcquirePlanLease";

    /// <summary>Releases a plan capacity lease.</summary>
    public const string ReleasePlanLease = "ReleasePlanLease";

    /// <summary>Releases a site's single-flight lock.</summary>
    public const string ReleaseSiteLock = "ReleaseSiteLock";

    /// <summary>Reads a plan's leases and veto.</summary>
    public const string GetPlanGuards = "GetPlanGuards";

    /// <summary>Sets a scale-in veto.</summary>
    public const string SetVeto = "SetVeto";

    /// <summary>Records a swap with preview Seamless started (or clears it).</summary>
    public const string RecordPreview = "RecordPreview";

    /// <summary>Reads the record of a swap with preview Seamless started.</summary>
    public const string GetPreview = "GetPreview";

    /// <summary>Appends a decision to a plan's journal.</summary>
    public const string AppendJournal = "AppendJournal";

    /// <summary>Reads a plan's journal.</summary>
    public const string ReadJournal = "ReadJournal";

    /// <summary>Reads and updates the last capacity Seamless saw on a plan.</summary>
    public const string ObserveCapacity = "ObserveCapacity";

    /// <summary>Stores an upgrade's summary record.</summary>
    public const string SaveUpgradeRecord = "SaveUpgradeRecord";

    /// <summary>Writes a release or scale event to the notification outbox (never sends; idempotent by event id).</summary>
    public const string EnqueueNotification = "EnqueueNotification";
}
