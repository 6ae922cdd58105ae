using Seamless.Core.ScaleIn;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;

namespace Seamless.Api;

// The bodies of the API's successful responses that are not views of their own (UpgradeView, UpgradeSummary,
// UpgradeMetricsView, PlanFleetView). Property names are the wire names in camelCase; the OpenAPI document is
// checked against these records schema by schema (OpenApiDocumentSchemaTests).

/// <summary><c>POST /api/upgrades</c>: the upgrade started (202) or the one this delivery started before (200).</summary>
/// <param name="Id">The upgrade id.</param>
/// <param name="StatusUri">Where its status is read (also the 202's Location).</param>
public sealed record UpgradeAccepted(string Id, string StatusUri);

/// <summary><c>POST /api/upgrades/{id}/approve</c> and <c>/abort</c>: the event was raised.</summary>
/// <param name="Id">The upgrade id.</param>
/// <param name="Event">The event raised (Approve or Abort).</param>
/// <param name="StatusUri">Where the upgrade's status is read.</param>
public sealed record SignalAccepted(string Id, string Event, string StatusUri);

/// <summary><c>GET /api/upgrades</c>: the filters applied and the releases, newest first.</summary>
/// <param name="Site">The site filter (an id, or a name), or null.</param>
/// <param name="Status">The status filter, or null.</param>
/// <param name="Limit">The page size.</param>
/// <param name="Count">How many are listed.</param>
/// <param name="Upgrades">The releases.</param>
public sealed record UpgradeListResponse(string? Site, string? Status, int Limit, int Count, IReadOnlyList<UpgradeSummary> Upgrades);

/// <summary><c>POST /api/alerts</c>: what the alert did (always 202: an action group does not retry otherwise).</summary>
/// <param name="Action">The action kind.</param>
/// <param name="Reason">Its reason code.</param>
/// <param name="Message">Its reason in words.</param>
/// <param name="Ignored">True when the alert was only recorded.</param>
/// <param name="Duplicate">True when this firing was handled before.</param>
/// <param name="InstanceId">The orchestration it started or signalled, or null.</param>
public sealed record AlertAccepted(string Action, string Reason, string Message, bool Ignored, bool Duplicate, string? InstanceId);

/// <summary><c>POST /api/scale-in/run</c> without <c>dryRun</c>: the evaluations started (202).</summary>
/// <param name="DryRun">Always false here.</param>
/// <param name="Runs">One start per plan.</param>
public sealed record ScaleInRuns(bool DryRun, IReadOnlyList<SweepStart> Runs);

/// <summary><c>POST /api/scale-in/run</c> with <c>dryRun</c>: each plan's decision, nothing written (200).</summary>
/// <param name="DryRun">Always true here.</param>
/// <param name="Decisions">One per plan evaluated.</param>
public sealed record ScaleInDryRun(bool DryRun, IReadOnlyList<DryRunDecision> Decisions);

/// <summary>One plan of a dry run: its decision, or why it could not be evaluated.</summary>
/// <param name="Plan">The plan resource id.</param>
/// <param name="Name">The plan name.</param>
/// <param name="Decision">The decision, or null when <paramref name="Error"/> says why there is none.</param>
/// <param name="Error">The Azure error that stopped the evaluation, or null.</param>
public sealed record DryRunDecision(string Plan, string Name, ScaleInDecision? Decision = null, string? Error = null);

/// <summary><c>GET /api/scale-in/decisions</c>: journal entries, newest first.</summary>
/// <param name="Plan">The plan filter, or null for every plan.</param>
/// <param name="Count">How many are listed.</param>
/// <param name="Decisions">The entries.</param>
public sealed record DecisionList(string? Plan, int Count, IReadOnlyList<JournalEntry> Decisions);

/// <summary><c>GET /api/plans</c>: every managed plan.</summary>
/// <param name="Count">How many plans.</param>
/// <param name="Plans">The plans.</param>
public sealed record PlanList(int Count, IReadOnlyList<PlanFleetView> Plans);

/// <summary><c>GET /api/health</c>.</summary>
/// <param name="Status">Always "ok".</param>
public sealed record HealthStatus(string Status);
