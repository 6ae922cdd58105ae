using Seamless.Core.Upgrade;

namespace Seamless.Workflows.Upgrade;

/// <summary>The input of <see cref="UpgradeOrchestrator"/>: everything it needs, policy already merged.</summary>
/// <param name="SiteId">The site id.</param>
/// <param name="SourceSlot">The slot holding the new build (e.g. staging).</param>
/// <param name="TargetSlot">The slot to promote into (production).</param>
/// <param name="Version">The build id CI deployed.</param>
/// <param name="Strategy">"swap" or "canary".</param>
/// <param name="DeliveryId">The CI delivery (idempotency key).</param>
/// <param name="Policy">The effective policy.</param>
/// <param name="RequestedAt">When the API accepted it.</param>
/// <param name="BuildIdentity">How the builds in the slots are identified (operator configuration; null: the default).</param>
public sealed record UpgradeInput(
    string SiteId,
    string SourceSlot,
    string TargetSlot,
    string Version,
    string Strategy,
    string DeliveryId,
    UpgradePolicy Policy,
    DateTimeOffset RequestedAt,
    BuildIdentityPolicy? BuildIdentity = null);

/// <summary>How an upgrade ended.</summary>
public enum UpgradeOutcome
{
    /// <summary>The new build serves production.</summary>
    Promoted,

    /// <summary>Production already ran the requested build: nothing was changed.</summary>
    AlreadyServing,

    /// <summary>A gate or the guard window failed; the site is back as it was.</summary>
    RolledBack,

    /// <summary>Refused before anything changed (validation, config diff, warm-up).</summary>
    Rejected,

    /// <summary>Aborted by an operator or an alert; the site is back as it was.</summary>
    Aborted,

    /// <summary>Could not finish nor restore the site: needs an operator (reason says what is left).</summary>
    Failed,
}

/// <summary>Upgrade phases, in order.</summary>
public static class UpgradePhases
{
    /// <summary>Checking the target.</summary>
    public const string Validating = "Validating";

    /// <summary>Freezing scale-in on the plan.</summary>
    public const string Leasing = "Leasing";

    /// <summary>Comparing slot settings.</summary>
    public const string ConfigDiff = "ConfigDiff";

    /// <summary>Swap with preview phase 1.</summary>
    public const string Preparing = "Preparing";

    /// <summary>Warming every instance.</summary>
    public const string WarmingUp = "WarmingUp";

    /// <summary>Smoke paths.</summary>
    public const string Smoke = "Smoke";

    /// <summary>Canary steps.</summary>
    public const string Canary = "Canary";

    /// <summary>Waiting for approval.</summary>
    public const string Approval = "Approval";

    /// <summary>Completing the swap.</summary>
    public const string Swapping = "Swapping";

    /// <summary>Watching production after the swap.</summary>
    public const string Guarding = "Guarding";

    /// <summary>Restoring the site.</summary>
    public const string RollingBack = "RollingBack";

    /// <summary>Finished.</summary>
    public const string Done = "Done";
}

/// <summary>One event of an upgrade's timeline.</summary>
/// <param name="At">Orchestration time.</param>
/// <param name="Phase">The phase.</param>
/// <param name="Message">What happened.</param>
/// <param name="Change">
/// What the event changed in what users are served, as data (a swap, a swap back, the canary share); null for
/// events that change nothing there. Readers (the report's markers) use it, never the message.
/// </param>
public sealed record TimelineEntry(DateTimeOffset At, string Phase, string Message, TimelineChange? Change = null);

/// <summary>The kinds of change to what production serves that the timeline marks.</summary>
public enum TimelineChangeKind
{
    /// <summary>The swap completed: the new build serves production.</summary>
    Swap,

    /// <summary>The swap back completed: the previous build serves production again.</summary>
    SwapBack,

    /// <summary>The share of production traffic routed to the source slot was set.</summary>
    Routing,
}

/// <summary>A change to what production serves, recorded beside its timeline line.</summary>
/// <param name="Kind">The change.</param>
/// <param name="RoutingPercentage">For <see cref="TimelineChangeKind.Routing"/>: the share now routed to the source slot (0–100).</param>
public sealed record TimelineChange(TimelineChangeKind Kind, double? RoutingPercentage = null)
{
    /// <summary>The swap completed.</summary>
    public static TimelineChange Swap { get; } = new(TimelineChangeKind.Swap);

    /// <summary>The swap back completed.</summary>
    public static TimelineChange SwapBack { get; } = new(TimelineChangeKind.SwapBack);

    /// <summary>The share routed to the source slot is now <paramref name="percentage"/>.</summary>
    /// <param name="percentage">0–100.</param>
    /// <returns>The change.</returns>
    public static TimelineChange Routing(double percentage) => new(TimelineChangeKind.Routing, percentage);
}

/// <summary>A gate verdict as reported.</summary>
/// <param name="At">When.</param>
/// <param name="Phase">The phase.</param>
/// <param name="Gate">The gate (written as warm-up, smoke, canary 10 %, guard, config-diff…).</param>
/// <param name="Outcome">Pass, Marginal, Fail, Warn, Block…</param>
/// <param name="Message">Why.</param>
/// <param name="Score">The judge's score, when there is one.</param>
/// <param name="Detail">The Core verdict behind it (per-metric verdicts, the configuration diff, the build identity).</param>
public sealed record VerdictRecord(DateTimeOffset At, string Phase, VerdictGate Gate, VerdictOutcome Outcome, string Message, double? Score = null, VerdictDetail? Detail = null);

/// <summary>
/// The custom status of an upgrade, updated at every step. Published through
/// <see cref="UpgradeStatusBudget.Fit"/>: the recent timeline and verdicts with the counts of all; the
/// upgrade record holds the full history.
/// </summary>
/// <param name="SiteId">The site.</param>
/// <param name="Version">The version the request named (a claim until <paramref name="Build"/> confirms it).</param>
/// <param name="Phase">Current phase.</param>
/// <param name="Step">Current step within the phase.</param>
/// <param name="LatestVerdict">The latest gate verdict.</param>
/// <param name="RoutingPercentage">Current traffic share routed to the source slot.</param>
/// <param name="Outcome">Set when finished.</param>
/// <param name="Reason">Why it ended that way.</param>
/// <param name="Timeline">What happened (the most recent entries in the published status).</param>
/// <param name="Verdicts">The verdicts (the most recent ones in the published status).</param>
/// <param name="TimelineCount">How many timeline entries there are in all.</param>
/// <param name="VerdictCount">How many verdicts there are in all.</param>
/// <param name="Build">What the slots were observed to run, once identified.</param>
public sealed record UpgradeStatus(
    string SiteId,
    string Version,
    string Phase,
    string Step,
    VerdictRecord? LatestVerdict,
    double RoutingPercentage,
    UpgradeOutcome? Outcome,
    string? Reason,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<VerdictRecord> Verdicts,
    int TimelineCount = 0,
    int VerdictCount = 0,
    BuildIdentityVerdict? Build = null);

/// <summary>The output of an upgrade.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Reason">Why.</param>
/// <param name="Status">The final status (bounded as the custom status is; the full history is in the upgrade record).</param>
/// <param name="SwapAt">When the swap completed, if it did.</param>
public sealed record UpgradeResult(UpgradeOutcome Outcome, string Reason, UpgradeStatus Status, DateTimeOffset? SwapAt);

/// <summary>Payload of the Abort event.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Source">api or alert:{rule}.</param>
/// <param name="By">Who asked, as they named themselves (the API's <c>by</c> query; free text, not proof).</param>
/// <param name="KeyFingerprint">The first 8 hex digits of the SHA-256 of the API key used (which key, never the key).</param>
public sealed record AbortRequest(string Reason, string Source, string? By = null, string? KeyFingerprint = null);

/// <summary>Payload of the Approve event.</summary>
/// <param name="ApprovedBy">Who approved, as they named themselves (the API's <c>by</c> query; free text, not proof).</param>
/// <param name="KeyFingerprint">The first 8 hex digits of the SHA-256 of the key used (which key, never the key).</param>
public sealed record ApproveRequest(string? ApprovedBy, string? KeyFingerprint = null);
