namespace Seamless.Core.WhatIf;

/// <summary>The result of a what-if replay: the trace, the capacity model and one row per policy.</summary>
/// <param name="Trace">What was replayed.</param>
/// <param name="CapacityModel">How demand maps to instances.</param>
/// <param name="Policies">One result per policy, in <see cref="WhatIfPolicyNames.All"/> order.</param>
public sealed record WhatIfReport(TraceSummary Trace, CapacityModel CapacityModel, IReadOnlyList<PolicyResult> Policies)
{
    /// <summary>Gets the peers tuned with hindsight (<see cref="WhatIfPeers.Tuned"/> or <see cref="WhatIfPeers.Online"/>); empty with the defaults only.</summary>
    public IReadOnlyList<TunedPolicy> Tuned { get; init; } = [];

    /// <summary>Gets what Seamless learned over the replay, in the journal's terms; null when its policy does not learn (fixed headroom).</summary>
    public SeamlessLearningSummary? SeamlessLearning { get; init; }

    /// <summary>Gets the peers re-tuned online every day on the demand seen so far (<see cref="WhatIfPeers.Online"/>); empty otherwise.</summary>
    public IReadOnlyList<OnlineTunedPolicy> Online { get; init; } = [];

    /// <summary>Returns the result of a policy.</summary>
    /// <param name="name">A <see cref="WhatIfPolicyNames"/> value.</param>
    /// <returns>The result.</returns>
    public PolicyResult this[string name] => Policies.Single(p => p.Name == name);
}

/// <summary>The replayed trace.</summary>
/// <param name="Name">Its label.</param>
/// <param name="Minutes">Replayed minutes.</param>
/// <param name="ResolutionMinutes">Source row spacing.</param>
/// <param name="Note">How it was expanded.</param>
public sealed record TraceSummary(string Name, int Minutes, int ResolutionMinutes, string Note);

/// <summary>
/// One instance serves <paramref name="PerInstancePerMinute"/> (C) per minute at 100 % CPU;
/// utilisation = demand / (serving instances × C).
/// </summary>
/// <param name="PerInstancePerMinute">C.</param>
/// <param name="Source">"trace peak / 20" or "given".</param>
/// <param name="PeakDemand">The trace's peak minute.</param>
/// <param name="PeakInstances">Instances that serve the peak at 100 %: ceil(peak / C) (the static-peak size).</param>
/// <param name="MinInstances">Fewest instances of every policy.</param>
/// <param name="MaxInstances">Most instances of the reactive policies.</param>
/// <param name="StartInstances">Every reactive policy starts here (the static-peak size).</param>
/// <param name="ProvisioningDelayMinutes">Minutes before a new instance serves (reactive policies; the oracle has none).</param>
public sealed record CapacityModel(
    double PerInstancePerMinute,
    string Source,
    double PeakDemand,
    int PeakInstances,
    int MinInstances,
    int MaxInstances,
    int StartInstances,
    int ProvisioningDelayMinutes);

/// <summary>Figures of one policy over the trace.</summary>
/// <param name="Name">A <see cref="WhatIfPolicyNames"/> value.</param>
/// <param name="InstanceHours">Billed instances summed over minutes / 60 (instances provisioning count as billed).</param>
/// <param name="OverloadMinutes">Minutes whose trailing 5-minute mean utilisation exceeds 100 %.</param>
/// <param name="HotMinutes">Minutes with utilisation above 85 %.</param>
/// <param name="P95Utilisation">95th percentile of per-minute utilisation, in percent.</param>
/// <param name="ScaleActions">Capacity changes.</param>
/// <param name="Flaps">Scale-ins undone by a scale-out within 15 minutes.</param>
public sealed record PolicyResult(
    string Name,
    double InstanceHours,
    int OverloadMinutes,
    int HotMinutes,
    double P95Utilisation,
    int ScaleActions,
    int Flaps)
{
    /// <summary>Gets the SPEC RG elasticity metrics (demand = the oracle's instances, supply = serving instances); null when not computed.</summary>
    public ElasticityMetrics? Elasticity { get; init; }
}

/// <summary>What Seamless's hourly learnings over a replay said (<see cref="Seamless.Core.ScaleIn.Headroom.LearnedHeadroom"/>).</summary>
/// <param name="Learnings">Hourly learnings.</param>
/// <param name="ColdStart">Of them, those with too little history: the cold-start setting served.</param>
/// <param name="BudgetMissedOnHistory">Of them, those whose setting did not keep the budget on the history (a burst beyond reach, or nothing kept it).</param>
/// <param name="BeyondReach">Of them, those with a burst beyond reach: even the most cautious setting overloaded the window beyond its share.</param>
/// <param name="LargestMinimumToKeepBudget">The largest plan minimum those named to have kept the budget (null when none named one).</param>
/// <param name="BeyondEveryMinimum">Of those beyond reach, the learnings where not even the plan's maximum would have kept it.</param>
public sealed record SeamlessLearningSummary(int Learnings, int ColdStart, int BudgetMissedOnHistory, int BeyondReach, int? LargestMinimumToKeepBudget, int BeyondEveryMinimum)
{
    /// <summary>
    /// Gets Seamless replayed with the plan's minimum at <see cref="LargestMinimumToKeepBudget"/> from the start (named
    /// <c>seamless-min-N</c>): what taking the journal's word costs, and whether it kept the promise. Null when no minimum
    /// above the plan's was named.
    /// </summary>
    public PolicyResult? AtLargestMinimum { get; init; }
}
