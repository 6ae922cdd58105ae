using Seamless.Core.Model;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Workflows.Activities;

/// <summary>Turns a plan's per-instance CPU into its demand history (pure): busy instances = Σ CPU % / 100 each minute.</summary>
public static class HeadroomReader
{
    /// <summary>Plan CPU % (average over instances) at which the CPU metric no longer shows the demand: it cannot read higher.</summary>
    public const double SaturatedCpuPercent = 99;

    /// <summary>Busy instances per minute of the window (null where no instance reported).</summary>
    /// <param name="metrics">The plan's metrics split by instance.</param>
    /// <returns>One value per minute of <see cref="PlanMetrics.Minutes"/>.</returns>
    public static double?[] Busy(PlanMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var busy = new double?[metrics.Minutes.Count];
        foreach (var instance in metrics.Instances)
        {
            for (var i = 0; i < busy.Length && i < instance.CpuPercentage.Count; i++)
            {
                if (instance.CpuPercentage[i] is { } cpu)
                {
                    busy[i] = (busy[i] ?? 0) + (cpu / 100);
                }
            }
        }

        return busy;
    }

    /// <summary>The demand history of minutes [from, to): one slot per minute, null where Azure Monitor returned no bucket.</summary>
    /// <param name="metrics">The plan's metrics over the window.</param>
    /// <param name="from">The first minute.</param>
    /// <param name="to">The end (exclusive), a whole minute.</param>
    /// <returns>The history.</returns>
    public static DemandHistory History(PlanMetrics metrics, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var busy = Busy(metrics);
        var slots = new double?[Math.Max(0, (int)(to - from).TotalMinutes)];
        for (var i = 0; i < metrics.Minutes.Count; i++)
        {
            var slot = (int)(metrics.Minutes[i].Timestamp - from).TotalMinutes;
            if (slot >= 0 && slot < slots.Length)
            {
                slots[slot] = busy[i];
            }
        }

        return new DemandHistory(to, slots);
    }

    /// <summary>The capacity a saturated plan must grow to, or null when its latest minute is not saturated.</summary>
    /// <param name="metrics">The plan's metrics (the latest minute is read).</param>
    /// <param name="capacity">The plan's instance count.</param>
    /// <param name="step">The saturation line and step.</param>
    /// <returns>The target, or null.</returns>
    public static int? Saturation(PlanMetrics metrics, int capacity, SaturationStep? step)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (step is null || metrics.Minutes.Count == 0)
        {
            return null;
        }

        var latest = metrics.Minutes[^1];
        var saturated = latest.CpuPercentage >= SaturatedCpuPercent
            || (latest.HttpQueueLength is { } queue && capacity > 0 && queue / capacity >= step.QueuePerInstanceLine);
        return saturated ? step.ToCapacity : null;
    }

    /// <summary>
    /// Learns the headroom on the history up to the last full hour (so every sweep within an hour, and the what-if
    /// replay, score the same window) and estimates the capacity required at the end of the history.
    /// </summary>
    /// <param name="history">The demand history (the learning window plus a week).</param>
    /// <param name="settings">The promise and the timing.</param>
    /// <returns>What was learned and the estimate (null estimate: the latest minutes have no data).</returns>
    /// <param name="saturation">What a saturated plan must grow to; null when it is not saturated.</param>
    public static HeadroomReading Read(DemandHistory history, HeadroomSettings settings, int? saturation = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(settings);
        var hour = new DateTimeOffset(history.End.Year, history.End.Month, history.End.Day, history.End.Hour, 0, 0, TimeSpan.Zero);
        var learnedMinutes = Math.Max(0, history.Minutes - (int)(history.End - hour).TotalMinutes);
        var learned = HeadroomLearner.Learn(new DemandHistory(hour, [.. history.Busy.Take(learnedMinutes)]), settings);
        return new HeadroomReading(learned, HeadroomPlanner.Estimate(history, learned, settings, saturation));
    }
}
