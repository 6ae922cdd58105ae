using Seamless.Core.Model;
using Seamless.Core.Upgrade;

namespace Seamless.Workflows.Activities;

/// <summary>A site or one of its slots.</summary>
/// <param name="SiteId">The site id.</param>
/// <param name="Slot">"production" or a slot name.</param>
public sealed record SiteRequest(string SiteId, string Slot);

/// <summary>Which slot's build to read, and from where.</summary>
/// <param name="SiteId">The site id.</param>
/// <param name="Slot">"production" or a slot name.</param>
/// <param name="Identity">The build identity source.</param>
public sealed record BuildRequest(string SiteId, string Slot, BuildIdentityPolicy Identity);

/// <summary>A pair of slots of one site.</summary>
/// <param name="SiteId">The site id.</param>
/// <param name="SourceSlot">The source slot.</param>
/// <param name="TargetSlot">The target slot.</param>
public sealed record SlotPairRequest(string SiteId, string SourceSlot, string TargetSlot);

/// <summary>A swap request made idempotent by the last swap seen before it.</summary>
/// <param name="SiteId">The site id.</param>
/// <param name="SourceSlot">The source slot.</param>
/// <param name="TargetSlot">The target slot.</param>
/// <param name="LastSwapBefore">The <c>slotSwapStatus.timestampUtc</c> read before deciding to swap; a newer one means the swap already happened.</param>
public sealed record SwapRequest(string SiteId, string SourceSlot, string TargetSlot, DateTimeOffset? LastSwapBefore);

/// <summary>Result of a swap activity.</summary>
/// <param name="Performed">False when the swap had already happened (a re-run after a crash).</param>
/// <param name="Status">The swap status after the call.</param>
public sealed record SwapResult(bool Performed, SlotSwapStatus? Status);

/// <summary>Route a share of production traffic to a slot (0 removes the rule).</summary>
/// <param name="SiteId">The site id.</param>
/// <param name="Slot">The slot receiving traffic.</param>
/// <param name="Percentage">0–100.</param>
public sealed record RoutingRequest(string SiteId, string Slot, double Percentage);

/// <summary>Set a plan's instance count.</summary>
/// <param name="PlanId">The plan id.</param>
/// <param name="Capacity">The absolute instance count (absolute, so a re-run is harmless).</param>
/// <param name="Expected">
/// The capacity the change was decided on: nothing is written when the plan has another one by then (an alert's
/// scale-out or an operator changed it since), and the plan is returned as it is. Null writes whatever the plan has.
/// </param>
public sealed record CapacityRequest(string PlanId, int Capacity, int? Expected = null);

/// <summary>Probe paths on instances of a slot.</summary>
/// <param name="HostName">The slot host name.</param>
/// <param name="Paths">Paths to probe on each instance.</param>
/// <param name="InstanceIds">Instances to pin; empty probes once without pinning.</param>
/// <param name="Timeout">Per-request timeout.</param>
public sealed record ProbeSlotRequest(string HostName, IReadOnlyList<string> Paths, IReadOnlyList<string> InstanceIds, TimeSpan Timeout);

/// <summary>Read a slot's user-experience metrics for a window.</summary>
/// <param name="SiteId">The site id.</param>
/// <param name="Slot">The slot.</param>
/// <param name="From">Window start.</param>
/// <param name="To">Window end.</param>
public sealed record SlotMetricsRequest(string SiteId, string Slot, DateTimeOffset From, DateTimeOffset To);

/// <summary>A slot's per-minute user-experience metrics (null = no data for that minute).</summary>
/// <param name="Minutes">One entry per minute.</param>
public sealed record SlotMetrics(IReadOnlyList<SlotMinute> Minutes);

/// <summary>One minute of slot metrics.</summary>
/// <param name="Timestamp">Minute start.</param>
/// <param name="Requests">Request count.</param>
/// <param name="Http5xx">5xx count.</param>
/// <param name="ResponseTimeSeconds">Average response time.</param>
public sealed record SlotMinute(DateTimeOffset Timestamp, double? Requests, double? Http5xx, double? ResponseTimeSeconds)
{
    /// <summary>Gets the 5xx share of requests, or null without traffic.</summary>
    public double? ErrorRate => Requests is > 0 ? (Http5xx ?? 0) / Requests : null;
}

/// <summary>Read a plan's capacity metrics for a window.</summary>
/// <param name="PlanId">The plan id.</param>
/// <param name="From">Window start.</param>
/// <param name="To">Window end.</param>
public sealed record PlanMetricsRequest(string PlanId, DateTimeOffset From, DateTimeOffset To);

/// <summary>Read the drain evidence of every site on a plan over a lookback.</summary>
/// <param name="PlanId">The plan id.</param>
/// <param name="From">Lookback start (at least the policy's session idle time before <paramref name="To"/>).</param>
/// <param name="To">Lookback end.</param>
public sealed record DrainFactsRequest(string PlanId, DateTimeOffset From, DateTimeOffset To);

/// <summary>A plan's per-minute capacity metrics.</summary>
/// <param name="Minutes">Aggregate per minute.</param>
/// <param name="Instances">CPU per instance per minute.</param>
public sealed record PlanMetrics(IReadOnlyList<PlanMinute> Minutes, IReadOnlyList<InstanceCpuSeries> Instances);

/// <summary>One minute of plan metrics (null = no data).</summary>
/// <param name="Timestamp">Minute start.</param>
/// <param name="CpuPercentage">Average CPU %.</param>
/// <param name="MemoryPercentage">Average memory %.</param>
/// <param name="HttpQueueLength">Average HTTP queue length.</param>
public sealed record PlanMinute(DateTimeOffset Timestamp, double? CpuPercentage, double? MemoryPercentage, double? HttpQueueLength);

/// <summary>CPU of one instance per minute.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="CpuPercentage">Values aligned with <see cref="PlanMetrics.Minutes"/>.</param>
public sealed record InstanceCpuSeries(string InstanceId, IReadOnlyList<double?> CpuPercentage);

/// <summary>Input of <see cref="ActivityNames.LearnHeadroom"/>.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="From">The first minute of the history (the learning window plus a week for the seasonal term).</param>
/// <param name="To">The end of the history (the evaluation window's end).</param>
/// <param name="Settings">The promise and the timing.</param>
/// <param name="Saturation">
/// What a saturated plan must grow to (the alert fast path's step): a plan whose latest minute reads CPU at
/// <see cref="HeadroomReader.SaturatedCpuPercent"/> or a queue at the policy's line has more demand than its CPU shows.
/// </param>
public sealed record HeadroomRequest(string PlanId, DateTimeOffset From, DateTimeOffset To, Core.ScaleIn.Headroom.HeadroomSettings Settings, SaturationStep? Saturation = null);

/// <summary>When a plan counts as saturated and what it must then grow to.</summary>
/// <param name="QueuePerInstanceLine">HTTP queue per instance at which the plan is saturated.</param>
/// <param name="ToCapacity">
/// One step from the plan's capacity: what it grows to when <see cref="Step"/> is unknown (requests recorded before it
/// existed); otherwise <see cref="Core.ScaleIn.Headroom.SaturatedDemand.Target"/> decides from the instances serving.
/// </param>
public sealed record SaturationStep(double QueuePerInstanceLine, int ToCapacity)
{
    /// <summary>Gets the plan's capacity when the request was made: the instances serving plus those still starting.</summary>
    public int? Ordered { get; init; }

    /// <summary>Gets the scale-out step the target is taken with.</summary>
    public Core.ScaleIn.ScaleOutStep? Step { get; init; }
}

/// <summary>Output of <see cref="ActivityNames.LearnHeadroom"/>.</summary>
/// <param name="Learned">What the learner chose on the plan's history.</param>
/// <param name="Estimate">The capacity required now; null when the latest minutes have no data.</param>
public sealed record HeadroomReading(Core.ScaleIn.Headroom.LearnedHeadroom Learned, Core.ScaleIn.Headroom.HeadroomEstimate? Estimate);
