using System.Text.Json.Serialization;

namespace Seamless.Core.ScaleIn;

/// <summary>What the alert fast path does with a Fired capacity alert.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScaleOutOutcome>))]
public enum ScaleOutOutcome
{
    /// <summary>The signal is confirmed and within the hourly limit: set the larger capacity.</summary>
    ScaleOut,

    /// <summary>The signal is confirmed but the plan is already at its cap: nothing to set.</summary>
    AtMaximum,

    /// <summary>The signal is not confirmed by the plan's metrics, or the hourly limit is spent: nothing to set.</summary>
    Refused,
}

/// <summary>What the alert fast path knows when it decides (read by the orchestrator, judged by <see cref="ScaleOutConfirmation"/>).</summary>
public sealed record ScaleOutContext
{
    /// <summary>Gets the orchestration time.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Gets the plan's current capacity.</summary>
    public required int Capacity { get; init; }

    /// <summary>Gets the plan's maximumNumberOfWorkers; 0 or less when unknown.</summary>
    public required int MaxWorkers { get; init; }

    /// <summary>Gets the plan's average CPU % per minute over <see cref="ScaleOutConfirmation.Window"/> (null = no data).</summary>
    public required IReadOnlyList<double?> Cpu { get; init; }

    /// <summary>Gets the plan's average memory % per minute over the window (null = no data).</summary>
    public required IReadOnlyList<double?> Memory { get; init; }

    /// <summary>Gets the plan's HTTP queue length per instance per minute over the window (null = no data).</summary>
    public required IReadOnlyList<double?> QueuePerInstance { get; init; }

    /// <summary>
    /// Gets when the alert fast path scaled this plan out (its journal entries of kind <c>scale-out</c>), any order. The
    /// sweep's scale-outs (demand outgrew the learned headroom) are not alerts and do not count against the hourly limit.
    /// </summary>
    public required IReadOnlyList<DateTimeOffset> ScaleOutsAt { get; init; }

    /// <summary>
    /// Gets the learned headroom's multiplier (<see cref="Headroom.HeadroomSetting.Multiplier"/>: instances kept per busy
    /// instance); null in fixed-headroom mode or while nothing is learned. It raises the CPU confirmation line
    /// (<see cref="LearnedCpuLine"/>) and sizes the step to the demand the CPU shows (<see cref="ScaleOutRule.SizeToDemand"/>).
    /// </summary>
    public double? LearnedMultiplier { get; init; }

    /// <summary>
    /// Gets the plan CPU % the learned headroom lets the plan run at: 100 / <see cref="LearnedMultiplier"/>
    /// (<see cref="Headroom.LearnedHeadroom.CpuLine"/>); null without it. Above the deployed alert line it raises the CPU
    /// confirmation line (<see cref="ScaleOutConfirmation.CpuLine"/>).
    /// </summary>
    public double? LearnedCpuLine => LearnedMultiplier is { } m && m > 0 ? 100 / m : null;

    /// <summary>
    /// Gets the busy instances the latest minute asked for when it was saturated and the plan's sites turned requests
    /// away (<see cref="Headroom.HeadroomEstimate.LatestAsked"/>); null otherwise. The step grows to carry it
    /// (<see cref="ScaleOutRule.SizeToAsked"/>): a plan at its limit shows only what it served.
    /// </summary>
    public double? LatestAsked { get; init; }

    /// <summary>
    /// Gets the instances serving in the latest minute (those the per-instance CPU shows, <see cref="Headroom.HeadroomEstimate.Serving"/>);
    /// null when unknown. The plan CPU is their mean, while <see cref="Capacity"/> also counts instances still starting;
    /// <see cref="ScaleOutRule.SizeToDemand"/> reads the busy instances over them.
    /// </summary>
    public int? Serving { get; init; }
}

/// <summary>The alert fast path's verdict.</summary>
/// <param name="Outcome">ScaleOut, AtMaximum or Refused.</param>
/// <param name="Reason">A stable reason code (see <see cref="ScaleOutConfirmation"/> and <see cref="ScaleOutRule"/>).</param>
/// <param name="Message">A human sentence with the figures that led to the verdict.</param>
/// <param name="Decision">The capacity step; <see cref="ScaleOutDecision.ToCapacity"/> equals the current capacity unless the outcome is ScaleOut.</param>
/// <param name="PeakCpu">Highest per-minute plan CPU % in the window, if any.</param>
/// <param name="PeakMemory">Highest per-minute plan memory % in the window, if any.</param>
/// <param name="PeakQueuePerInstance">Highest per-minute HTTP queue per instance in the window, if any.</param>
/// <param name="ScaleOutsInPeriod">Seamless scale-outs of the plan in the last <see cref="ScaleOutConfirmation.RatePeriod"/>.</param>
public sealed record ScaleOutVerdict(
    ScaleOutOutcome Outcome,
    string Reason,
    string Message,
    ScaleOutDecision Decision,
    double? PeakCpu,
    double? PeakMemory,
    double? PeakQueuePerInstance,
    int ScaleOutsInPeriod);
