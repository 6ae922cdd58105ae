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
    public static double?[] Busy(PlanMetrics metrics) => PerMinute(metrics).Busy;

    /// <summary>
    /// Busy instances (Σ CPU % / 100) and instances serving per minute, in one pass: those that reported CPU that minute.
    /// The learner reads a minute's utilisation as what it asked over them (<see cref="DemandHistory.Serving"/>).
    /// </summary>
    /// <param name="metrics">The plan's metrics split by instance.</param>
    /// <returns>One value each per minute of <see cref="PlanMetrics.Minutes"/>; null where no instance reported.</returns>
    public static (double?[] Busy, int?[] Serving) PerMinute(PlanMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var busy = new double?[metrics.Minutes.Count];
        var serving = new int?[busy.Length];
        foreach (var instance in metrics.Instances)
        {
            for (var i = 0; i < busy.Length && i < instance.CpuPercentage.Count; i++)
            {
                if (instance.CpuPercentage[i] is { } cpu)
                {
                    busy[i] = (busy[i] ?? 0) + (cpu / 100);
                    serving[i] = (serving[i] ?? 0) + 1;
                }
            }
        }

        return (busy, serving);
    }

    /// <summary>The demand history of minutes [from, to): one slot per minute, null where Azure Monitor returned no bucket.</summary>
    /// <param name="metrics">The plan's metrics over the window.</param>
    /// <param name="from">The first minute.</param>
    /// <param name="to">The end (exclusive), a whole minute.</param>
    /// <returns>The history.</returns>
    public static DemandHistory History(PlanMetrics metrics, DateTimeOffset from, DateTimeOffset to) => History([metrics], from, to);

    /// <summary>The demand history of minutes [from, to) filled from several reads (minutes none of them covers are null).</summary>
    /// <param name="parts">The plan's metrics over parts of the window.</param>
    /// <param name="from">The first minute.</param>
    /// <param name="to">The end (exclusive), a whole minute.</param>
    /// <returns>The history.</returns>
    public static DemandHistory History(IReadOnlyList<PlanMetrics> parts, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var slots = new double?[Math.Max(0, (int)(to - from).TotalMinutes)];
        var serving = new int?[slots.Length];
        foreach (var metrics in parts)
        {
            var (busy, instances) = PerMinute(metrics);
            for (var i = 0; i < metrics.Minutes.Count; i++)
            {
                var slot = (int)(metrics.Minutes[i].Timestamp - from).TotalMinutes;
                if (slot >= 0 && slot < slots.Length)
                {
                    slots[slot] = busy[i];
                    serving[slot] = instances[i];
                }
            }
        }

        return new DemandHistory(to, slots) { Serving = serving };
    }

    /// <summary>The end of the history the learner scores: the last full hour before <paramref name="end"/>.</summary>
    /// <param name="end">The end of the evaluation window.</param>
    /// <returns>The hour.</returns>
    public static DateTimeOffset LearnedUpTo(DateTimeOffset end) => new(end.Year, end.Month, end.Day, end.Hour, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The latest minutes the estimate reads from Azure Monitor (<see cref="HeadroomPlanner"/>): the longest hold plus the
    /// level's minutes up to <paramref name="end"/>, but not before the hour ahead of the last one learned on
    /// (<see cref="LearnedUpTo"/>): that hour may still have been settling when learning read it; the minutes before it
    /// lie in the ledger, as do the seasonal minutes. With holds of hours the estimate would otherwise read six hours
    /// fresh on every sweep.
    /// </summary>
    /// <param name="end">The end of the evaluation window.</param>
    /// <returns>The window, [from, to).</returns>
    public static (DateTimeOffset From, DateTimeOffset To) LatestWindow(DateTimeOffset end)
    {
        var hold = end - TimeSpan.FromMinutes(HeadroomLearner.Holds.Max() + HeadroomLearner.LevelMinutes);
        var settling = LearnedUpTo(end) - TimeSpan.FromHours(1);
        return (hold > settling ? hold : settling, end);
    }

    /// <summary>The site metrics that say what a saturated minute asked for, in one query per site (Total per minute).</summary>
    public static IReadOnlyList<string> AskedMetricNames { get; } = [MetricNames.Requests, MetricNames.Http5xx];

    /// <summary>
    /// Whether a minute of the plan is saturated: CPU at <see cref="SaturatedCpuPercent"/>, or requests queue at the line.
    /// The plan's <c>HttpQueueLength</c> Average is already per instance (Azure Monitor averages the instances' values, as
    /// it does the CPU), so it is compared with the per-instance line as it is.
    /// </summary>
    /// <param name="minute">The plan's minute.</param>
    /// <param name="queuePerInstanceLine">HTTP queue per instance at which the plan is saturated.</param>
    /// <returns>True when the CPU no longer shows the demand.</returns>
    public static bool IsSaturated(PlanMinute minute, double queuePerInstanceLine)
    {
        ArgumentNullException.ThrowIfNull(minute);
        return minute.CpuPercentage >= SaturatedCpuPercent || minute.HttpQueueLength >= queuePerInstanceLine;
    }

    /// <summary>
    /// The plan's requests and server errors per minute, summed over its sites (a minute is left out unless a site
    /// reported its requests).
    /// </summary>
    /// <param name="sites">Each site's <see cref="AskedMetricNames"/> (unsplit).</param>
    /// <returns>Requests and Http5xx by minute.</returns>
    public static IReadOnlyDictionary<DateTimeOffset, (double Requests, double Errors)> SiteRequests(IEnumerable<MetricResult> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var sums = new Dictionary<DateTimeOffset, (double Requests, double Errors)>();
        foreach (var site in sites)
        {
            var errors = site.Of(MetricNames.Http5xx).Where(x => x.Instance is null).SelectMany(x => x.Points)
                .Where(p => p.Total is not null).GroupBy(p => p.Timestamp).ToDictionary(g => g.Key, g => g.First().Total!.Value);
            foreach (var point in site.Of(MetricNames.Requests).Where(x => x.Instance is null).SelectMany(x => x.Points).Where(p => p.Total is not null).DistinctBy(p => p.Timestamp))
            {
                var (requests, failed) = sums.GetValueOrDefault(point.Timestamp);
                sums[point.Timestamp] = (requests + point.Total!.Value, failed + errors.GetValueOrDefault(point.Timestamp));
            }
        }

        return sums;
    }

    /// <summary>
    /// What each minute of the window asked for where it was saturated (<see cref="SaturatedDemand.Asked"/> from the sites'
    /// requests and server errors); null where the plan was not saturated or the sites reported nothing.
    /// </summary>
    /// <param name="metrics">The plan's metrics.</param>
    /// <param name="sites">The plan's requests and server errors by minute (<see cref="SiteRequests"/>).</param>
    /// <param name="queuePerInstanceLine">HTTP queue per instance at which the plan is saturated.</param>
    /// <returns>One value per minute of <see cref="PlanMetrics.Minutes"/>.</returns>
    public static double?[] Asked(PlanMetrics metrics, IReadOnlyDictionary<DateTimeOffset, (double Requests, double Errors)> sites, double queuePerInstanceLine)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(sites);
        var busy = Busy(metrics);
        var asked = new double?[busy.Length];
        for (var i = 0; i < asked.Length; i++)
        {
            var minute = metrics.Minutes[i];
            if (busy[i] is { } b && IsSaturated(minute, queuePerInstanceLine) && sites.TryGetValue(minute.Timestamp, out var site))
            {
                asked[i] = SaturatedDemand.Asked(b, site.Requests, site.Errors);
            }
        }

        return asked;
    }

    /// <summary>
    /// The capacity a saturated plan must grow to (<see cref="SaturatedDemand.Target"/>: one step from the instances
    /// serving, another on top of what is ordered only while the demand climbs beyond the order), or null when its latest
    /// minute is not saturated.
    /// </summary>
    /// <param name="metrics">The plan's metrics (the latest minute is read).</param>
    /// <param name="serving">The instances the metrics show serving.</param>
    /// <param name="step">The saturation line and step.</param>
    /// <param name="demand">The plan's demand up to the latest minute (what saturated minutes asked included).</param>
    /// <param name="lead">The provisioning delay, minutes (<see cref="SaturatedDemand.Target"/> keeps a climb up for <see cref="SaturatedDemand.ClimbLeads"/> of them).</param>
    /// <returns>The target, or null.</returns>
    public static int? Saturation(PlanMetrics metrics, int serving, SaturationStep? step, DemandHistory demand, int lead)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(demand);
        if (step is null || metrics.Minutes.Count == 0 || !IsSaturated(metrics.Minutes[^1], step.QueuePerInstanceLine))
        {
            return null;
        }

        return step is { Ordered: { } ordered, Step: { } scaleOut } ? SaturatedDemand.Target(demand, serving, ordered, scaleOut, lead) : step.ToCapacity;
    }
}
