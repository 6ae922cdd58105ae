using Seamless.Core.Model;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;

namespace Seamless.Api;

/// <summary>One managed plan as <c>GET /api/plans</c> and <c>GET /api/plans/{name}</c> show it.</summary>
/// <param name="Name">The plan name (the key of <c>/api/plans/{name}</c>).</param>
/// <param name="Id">The plan resource id.</param>
/// <param name="Location">The region.</param>
/// <param name="Sku">The SKU name, e.g. P1v3.</param>
/// <param name="Instances">The instance count now.</param>
/// <param name="MaximumInstances">The tier's instance limit.</param>
/// <param name="ZoneRedundant">Whether the plan is zone redundant.</param>
/// <param name="Metrics">CPU and memory of the latest complete minute with data.</param>
/// <param name="History">Per-minute CPU and memory over the last hours (the single-plan view only).</param>
/// <param name="LastDecision">The latest scale-in decision in the journal, with its deciding rule and next eligible time.</param>
/// <param name="Promise">How the plan kept the overload budget on the history the latest decision's learning held; null before a learned decision.</param>
/// <param name="Policy">The promise and bounds the plan is evaluated with: the shared scale-in policy's, or its own entry's over it.</param>
/// <param name="LastEvent">The latest journal entry of any kind (scale-in, verified, reverted, scale-out, veto…).</param>
/// <param name="Veto">The live scale-in veto, if any.</param>
/// <param name="Leases">Live capacity leases of releases on the plan (scale-in is frozen while any is live).</param>
/// <param name="ScaleInHeld">True while a veto or a lease holds scale-in.</param>
/// <param name="Sites">The managed sites on the plan.</param>
/// <param name="Links">Links to this plan and its decision journal.</param>
/// <param name="Errors">What could not be read (Azure errors), so a partial view says what is missing.</param>
public sealed record PlanFleetView(
    string Name,
    string Id,
    string? Location,
    string? Sku,
    int? Instances,
    int? MaximumInstances,
    bool? ZoneRedundant,
    PlanMetricsNow? Metrics,
    IReadOnlyList<PlanMetricsNow>? History,
    PlanDecisionView? LastDecision,
    PlanPromiseView? Promise,
    PlanPolicyView Policy,
    PlanEventView? LastEvent,
    ScaleInVeto? Veto,
    IReadOnlyList<PlanLease> Leases,
    bool ScaleInHeld,
    IReadOnlyList<SiteFleetView> Sites,
    PlanLinks Links,
    IReadOnlyList<string> Errors);

/// <summary>The promise and bounds a managed plan is evaluated with (<c>Seamless:ScaleIn:Policy</c>, or its own <c>Seamless:ScaleIn:Plans:N</c> over it).</summary>
/// <param name="Own">True when the plan has an entry of its own.</param>
/// <param name="Headroom">Learned (keeps the overload budget) or Fixed (the CPU line and margin only).</param>
/// <param name="OverloadBudgetPercent">The share of minutes users may feel, in percent.</param>
/// <param name="ProvisioningDelayMinutes">Minutes from a scale-out until new instances serve.</param>
/// <param name="Min">Fewest instances Seamless scales in to.</param>
/// <param name="Max">Most instances Seamless scales the plan to: the policy's <c>Max</c>, or the plan's own maximum (<c>maximumNumberOfWorkers</c>) where that is lower, as the sweep and the alert fast path cap it.</param>
/// <param name="HoldMinimumToKeepBudget">Whether Seamless holds the plan minimum its learnings name where the promise broke on bursts beyond reach.</param>
public sealed record PlanPolicyView(bool Own, HeadroomMode Headroom, double OverloadBudgetPercent, double ProvisioningDelayMinutes, int Min, int Max, bool HoldMinimumToKeepBudget)
{
    /// <summary>Shapes the policy a plan is evaluated with.</summary>
    /// <param name="policy">The plan's policy.</param>
    /// <param name="own">Whether the plan has an entry of its own.</param>
    /// <param name="plan">The plan as read from Azure; null when it could not be read (the policy's <c>Max</c> is shown).</param>
    /// <returns>The view.</returns>
    public static PlanPolicyView Of(ScaleInPolicy policy, bool own, PlanState? plan = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var max = plan is null ? policy.Max : ScaleInOrchestrator.MaxCapacity(policy, plan);
        return new PlanPolicyView(own, policy.Headroom, policy.OverloadBudgetPercent, policy.ProvisioningDelay.TotalMinutes, policy.Min, max, policy.HoldMinimumToKeepBudget);
    }
}

/// <summary>A plan's CPU and memory in one minute.</summary>
/// <param name="At">The minute.</param>
/// <param name="CpuPercentage">Average CPU %.</param>
/// <param name="MemoryPercentage">Average memory %.</param>
public sealed record PlanMetricsNow(DateTimeOffset At, double? CpuPercentage, double? MemoryPercentage);

/// <summary>A scale-in decision as the fleet view shows it.</summary>
/// <param name="At">When it was decided.</param>
/// <param name="Action">Hold or ScaleIn.</param>
/// <param name="FromCapacity">Instances before.</param>
/// <param name="ToCapacity">Instances after (equal on a hold).</param>
/// <param name="DecidingRule">The rule that held or bounded the step.</param>
/// <param name="Reason">Its reason code.</param>
/// <param name="Message">A human sentence.</param>
/// <param name="NextEligibleAt">The earliest time veto, cooldown and rate limit allow a scale-in.</param>
public sealed record PlanDecisionView(
    DateTimeOffset At,
    ScaleInAction Action,
    int FromCapacity,
    int ToCapacity,
    string DecidingRule,
    string Reason,
    string Message,
    DateTimeOffset NextEligibleAt)
{
    /// <summary>Shapes a decision taken at <paramref name="at"/>.</summary>
    public static PlanDecisionView From(DateTimeOffset at, ScaleInDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new PlanDecisionView(at, decision.Action, decision.FromCapacity, decision.ToCapacity, decision.DecidingRule, decision.Reason, decision.Message, decision.NextEligibleAt);
    }
}

/// <summary>
/// How the plan kept the operator's promise (the overload budget) on the history the latest decision's learning held: the
/// learning window and the week before it, up to its last full hour (<see cref="PromiseAccount"/>).
/// </summary>
/// <param name="DecidedAt">When the decision that carried it was taken.</param>
/// <param name="Kept">Whether the minutes users felt stayed within the budget over the history held.</param>
/// <param name="BudgetPercent">The overload budget, percent of minutes.</param>
/// <param name="From">The first minute with data.</param>
/// <param name="Through">The end of the history accounted for.</param>
/// <param name="Minutes">Minutes with data.</param>
/// <param name="OverloadedMinutes">Of those, the minutes users felt (the trailing 5-minute mean of what each minute asked over the instances serving above 100 %).</param>
/// <param name="OverloadPercent">Their share, percent.</param>
/// <param name="AllowedMinutes">The overloaded minutes the budget allows on those minutes.</param>
/// <param name="LastDayMinutes">Minutes with data in the last day.</param>
/// <param name="LastDayOverloadedMinutes">Of those, the minutes users felt.</param>
/// <param name="KeptLastDay">Whether the last day stayed within the budget's share of it.</param>
/// <param name="MeanInstances">Instances serving per minute on average (what keeping the promise cost); null where unknown.</param>
/// <param name="MeanBusy">Busy instances per minute on average over the same minutes; null where unknown.</param>
/// <param name="MinimumToKeepBudget">Where a burst was beyond reach of any headroom, the plan minimum that would have kept the budget on that history; null otherwise.</param>
/// <param name="HeldMinimum">The plan minimum Seamless holds because the promise broke on bursts beyond reach (the policy's <c>HoldMinimumToKeepBudget</c>); null when none is held.</param>
/// <param name="HeldUntil">Until when <paramref name="HeldMinimum"/> is held unless a learning names it again.</param>
/// <param name="HeldHours">The hours of the day (UTC) <paramref name="HeldMinimum"/> is held at, where the bursts recur at the same times of day; null: around the clock.</param>
/// <param name="Summary">One human line.</param>
public sealed record PlanPromiseView(
    DateTimeOffset DecidedAt,
    bool Kept,
    double BudgetPercent,
    DateTimeOffset From,
    DateTimeOffset Through,
    int Minutes,
    int OverloadedMinutes,
    double OverloadPercent,
    double AllowedMinutes,
    int LastDayMinutes,
    int LastDayOverloadedMinutes,
    bool KeptLastDay,
    double? MeanInstances,
    double? MeanBusy,
    int? MinimumToKeepBudget,
    int? HeldMinimum,
    DateTimeOffset? HeldUntil,
    HoursOfDay? HeldHours,
    string Summary)
{
    /// <summary>Shapes the account a decision taken at <paramref name="at"/> carried; null when it carried none.</summary>
    public static PlanPromiseView? Of(DateTimeOffset at, HeadroomEstimate? estimate)
    {
        if (estimate?.Promise is not { } account)
        {
            return null;
        }

        return new PlanPromiseView(
            at,
            account.Kept,
            account.BudgetPercent,
            account.From,
            account.Through,
            account.Minutes,
            account.OverloadedMinutes,
            account.OverloadPercent,
            account.AllowedMinutes,
            account.LastDayMinutes,
            account.LastDayOverloadedMinutes,
            account.KeptLastDay,
            account.MeanInstances,
            account.MeanBusy,
            estimate.MinimumToKeepBudget,
            estimate.PromiseFloor,
            estimate.PromiseFloorUntil,
            estimate.PromiseFloorHours,
            account.Summary);
    }
}

/// <summary>A journal entry without its detail.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">decision, scale-in, verified, reverted, scale-out, veto…</param>
/// <param name="Summary">One human line.</param>
public sealed record PlanEventView(DateTimeOffset At, string Kind, string Summary);

/// <summary>Links of a plan.</summary>
/// <param name="Self">This plan's fleet state.</param>
/// <param name="Decisions">Its decision journal.</param>
public sealed record PlanLinks(string Self, string Decisions);

/// <summary>A managed site: its slots, routing and releases.</summary>
/// <param name="Name">The site name.</param>
/// <param name="Id">The site resource id.</param>
/// <param name="Slots">Production first, then the deployment slots.</param>
/// <param name="LastSwap">The site's last completed swap.</param>
/// <param name="Release">The release in flight, if any.</param>
/// <param name="LastRelease">The latest finished release (its version is production's build when it was promoted).</param>
/// <param name="Errors">What could not be read.</param>
public sealed record SiteFleetView(
    string Name,
    string Id,
    IReadOnlyList<SlotFleetView> Slots,
    Seamless.Core.Model.SlotSwapStatus? LastSwap,
    UpgradeSummary? Release,
    UpgradeSummary? LastRelease,
    IReadOnlyList<string> Errors);

/// <summary>One slot of a managed site.</summary>
/// <param name="Name">production or the slot name.</param>
/// <param name="State">Running, Stopped…</param>
/// <param name="DefaultHostName">Its host name.</param>
/// <param name="TargetSwapSlot">Set while a swap with preview is pending.</param>
/// <param name="RoutingPercentage">Share of production traffic routed to it (production: what is left).</param>
/// <param name="Build">The build it runs, read through the build identity source (null when not recorded or not identified).</param>
public sealed record SlotFleetView(string Name, string State, string DefaultHostName, string? TargetSwapSlot, double RoutingPercentage, string? Build = null);
