namespace Seamless.Core.ScaleIn;

/// <summary>
/// Everything the scale-in evaluator knows about one plan at one moment. Built by the orchestrator
/// from ARM, Azure Monitor, the lease store and the journal; the evaluator reads nothing else (no
/// clock: <see cref="Now"/> is the orchestration's time).
/// </summary>
public sealed record ScaleInContext
{
    /// <summary>Gets the plan's ARM id.</summary>
    public required string PlanId { get; init; }

    /// <summary>Gets the decision time.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Gets the current instance count (<c>sku.capacity</c>).</summary>
    public required int Capacity { get; init; }

    /// <summary>Gets the plan's <c>maximumNumberOfWorkers</c> (0 when unknown).</summary>
    public int MaxWorkers { get; init; }

    /// <summary>Gets a value indicating whether the plan is zone-redundant.</summary>
    public bool ZoneRedundant { get; init; }

    /// <summary>Gets the per-minute samples of the plan's capacity signals, oldest first.</summary>
    public required SignalSamples Samples { get; init; }

    /// <summary>Gets the CPU of each instance over the window.</summary>
    public IReadOnlyList<InstanceCpu> PerInstanceCpu { get; init; } = [];

    /// <summary>Gets the names of instances that fail their health check.</summary>
    public IReadOnlyList<string> UnhealthyInstances { get; init; } = [];

    /// <summary>Gets when the capacity last changed, by any actor (Seamless, autoscale, a person); null if unknown.</summary>
    public DateTimeOffset? LastCapacityChangeAt { get; init; }

    /// <summary>Gets the recent scale-ins (at least those inside the rate-limit period).</summary>
    public IReadOnlyList<ScaleInRecord> RecentScaleIns { get; init; } = [];

    /// <summary>Gets a value indicating whether a veto (alert or harmful step) is recorded.</summary>
    public bool VetoActive { get; init; }

    /// <summary>Gets when the veto ends (null: until lifted).</summary>
    public DateTimeOffset? VetoUntil { get; init; }

    /// <summary>Gets why the veto was set.</summary>
    public string? VetoReason { get; init; }

    /// <summary>Gets a value indicating whether a release holds the plan's capacity lease.</summary>
    public bool LeaseHeld { get; init; }

    /// <summary>Gets the lease holder, e.g. <c>upgrade:my-site</c>.</summary>
    public string? LeaseHolder { get; init; }

    /// <summary>Gets the seasonal history, or null when none was read.</summary>
    public SeasonalPeaks? Seasonal { get; init; }

    /// <summary>Gets the capacity the learned headroom requires now (<see cref="Headroom.HeadroomPlanner"/>), or null when the demand history could not be read.</summary>
    public Headroom.HeadroomEstimate? Headroom { get; init; }

    /// <summary>Gets what draining a removed instance would do to users, or null when the caller reads none (the what-if replay).</summary>
    public DrainFacts? Drain { get; init; }
}

/// <summary>Per-minute samples of the capacity signals, oldest first; null marks a missing minute.</summary>
/// <param name="CpuPercent">Plan <c>CpuPercentage</c> (Average across instances).</param>
/// <param name="MemoryPercent">Plan <c>MemoryPercentage</c> (Average across instances).</param>
/// <param name="HttpQueuePerInstance">Plan <c>HttpQueueLength</c>, Average across instances, i.e. queued requests per instance.</param>
public sealed record SignalSamples(
    IReadOnlyList<double?> CpuPercent,
    IReadOnlyList<double?> MemoryPercent,
    IReadOnlyList<double?> HttpQueuePerInstance);

/// <summary>CPU of one instance.</summary>
/// <param name="Instance">The instance name (metric dimension <c>Instance</c>).</param>
/// <param name="Latest">The latest per-minute CPU %, null if missing.</param>
/// <param name="Stabilised">The maximum per-minute CPU % over the window, null if any minute is missing.</param>
public sealed record InstanceCpu(string Instance, double? Latest, double? Stabilised);

/// <summary>A past scale-in.</summary>
/// <param name="At">When it was applied.</param>
/// <param name="Instances">How many instances it removed.</param>
public sealed record ScaleInRecord(DateTimeOffset At, int Instances);

/// <summary>
/// Peak demand over the seasonal horizon at the same time yesterday and a week ago, in busy
/// instances: CPU % × instance count / 100 at each minute (the instances' worth of CPU in use),
/// maximum over the horizon. Null when that day has no history.
/// </summary>
/// <param name="YesterdayPeak">Peak busy instances in [now − 1 day, now − 1 day + horizon].</param>
/// <param name="LastWeekPeak">Peak busy instances in [now − 7 days, now − 7 days + horizon].</param>
public sealed record SeasonalPeaks(double? YesterdayPeak, double? LastWeekPeak);
