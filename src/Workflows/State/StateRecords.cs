using Seamless.Core.ScaleIn;

namespace Seamless.Workflows.State;

/// <summary>A capacity lease a release holds on its plan: scale-in is frozen while any lease is live.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="SiteId">The releasing site.</param>
/// <param name="Holder">The upgrade instance id.</param>
/// <param name="Until">Expiry, so a lost release cannot freeze scale-in forever.</param>
public sealed record PlanLease(string PlanId, string SiteId, string Holder, DateTimeOffset Until);

/// <summary>A scale-in veto.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Until">When it lapses unless lifted earlier.</param>
/// <param name="Reason">Why (alert rule, harmful step…).</param>
/// <param name="Source">The alert id or instance id that set it.</param>
public sealed record ScaleInVeto(string PlanId, DateTimeOffset Until, string Reason, string Source);

/// <summary>Everything that can hold a plan's scale-in, read at once.</summary>
/// <param name="Leases">Live leases.</param>
/// <param name="Veto">The live veto, if any.</param>
public sealed record PlanGuards(IReadOnlyList<PlanLease> Leases, ScaleInVeto? Veto);

/// <summary>Request to read a plan's guards at a time.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Now">The orchestration's current time (expired entries ignored).</param>
public sealed record PlanGuardsRequest(string PlanId, DateTimeOffset Now);

/// <summary>Request to release a lease or lock held by an instance.</summary>
/// <param name="PlanId">The plan (null for the site lock).</param>
/// <param name="SiteId">The site.</param>
/// <param name="Holder">The instance that holds it; others' entries are left alone.</param>
public sealed record ReleaseRequest(string? PlanId, string SiteId, string Holder);

/// <summary>A swap with preview Seamless started.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="SourceSlot">The prepared slot.</param>
/// <param name="TargetSlot">Its target.</param>
/// <param name="Holder">The upgrade instance.</param>
/// <param name="StartedAt">When phase 1 was applied.</param>
public sealed record PreviewRecord(string SiteId, string SourceSlot, string TargetSlot, string Holder, DateTimeOffset StartedAt);

/// <summary>Request to write or clear a preview record.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Record">The record, or null to clear.</param>
public sealed record PreviewUpdate(string SiteId, PreviewRecord? Record);

/// <summary>Request to set or lift a veto.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Veto">The veto, or null to lift.</param>
public sealed record VetoUpdate(string PlanId, ScaleInVeto? Veto);

/// <summary>One entry of a plan's decision journal.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="At">When.</param>
/// <param name="Kind">decision, scale-in, verified, reverted, scale-out, scale-out-skipped, scale-out-refused, superseded (a decided change not written: the plan's capacity changed since the decision), veto, veto-lifted, manual-change, skipped.</param>
/// <param name="Summary">One human line.</param>
/// <param name="InstanceId">The orchestration that wrote it.</param>
/// <param name="Detail">Structured detail (the evaluator's decision with inputs and projections).</param>
/// <param name="Change">The capacity change the entry records (scale-in, reverted, scale-out, manual-change), typed so no rule reads the summary.</param>
public sealed record JournalEntry(string PlanId, DateTimeOffset At, string Kind, string Summary, string InstanceId, object? Detail, CapacityChange? Change = null);

/// <summary>Observation of a plan's capacity, to detect changes made by other actors.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Capacity">The capacity read now.</param>
/// <param name="Now">The orchestration time.</param>
/// <param name="SetBySeamless">True when Seamless itself just set it.</param>
public sealed record CapacityObservation(string PlanId, int Capacity, DateTimeOffset Now, bool SetBySeamless);

/// <summary>What is known of a plan's last capacity change.</summary>
/// <param name="LastChangeAt">When the capacity last changed (by anyone), if known.</param>
/// <param name="ChangedOutsideSeamless">True when this observation detected a change by another actor.</param>
/// <param name="PreviousCapacity">The capacity recorded before this observation.</param>
public sealed record CapacityHistory(DateTimeOffset? LastChangeAt, bool ChangedOutsideSeamless, int? PreviousCapacity);

/// <summary>Stored capacity record.</summary>
/// <param name="Capacity">Last capacity seen.</param>
/// <param name="ChangedAt">When it last changed.</param>
public sealed record CapacityRecord(int Capacity, DateTimeOffset? ChangedAt);

/// <summary>A journal read.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Limit">How many of the latest entries.</param>
public sealed record JournalQuery(string PlanId, int Limit);
