using Seamless.Core.Canary;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;

namespace Seamless.Workflows.Upgrade;

/// <summary>Turns slot metrics into the judge's per-minute samples (pure).</summary>
public static class Observations
{
    /// <summary>Samples per judged metric of one slot: 5xx rate and response time, minutes without traffic left out.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<double>> Samples(SlotMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new Dictionary<string, IReadOnlyList<double>>(StringComparer.OrdinalIgnoreCase)
        {
            [CanaryJudgeConfig.Http5xxRateMetric] = [.. metrics.Minutes.Where(m => m.ErrorRate is not null).Select(m => m.ErrorRate!.Value)],
            [CanaryJudgeConfig.HttpResponseTimeMetric] = [.. metrics.Minutes.Where(m => m.ResponseTimeSeconds is not null && m.Requests is > 0).Select(m => m.ResponseTimeSeconds!.Value)],
        };
    }

    /// <summary>Baseline against canary, per judged metric.</summary>
    public static CanaryObservations Compare(SlotMetrics baseline, SlotMetrics canary)
    {
        var b = Samples(baseline);
        var c = Samples(canary);
        return new CanaryObservations(b.Keys.ToDictionary(k => k, k => new MetricSamples(b[k], c[k]), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// How far back a guard read reaches before the previous read's end: Azure Monitor fills a minute's bucket a
    /// little after the minute ends, so the last minutes are read again and the newer values win.
    /// </summary>
    public static readonly TimeSpan RereadWindow = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Adds a fresh read to what was observed so far: one entry per minute, the fresh value replacing an older
    /// read of the same minute, in time order. Lets a long guard window read only what is new each time, so the
    /// orchestration history grows with the window, not with its square.
    /// </summary>
    public static SlotMetrics Merge(SlotMetrics observed, SlotMetrics fresh)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(fresh);
        if (fresh.Minutes.Count == 0)
        {
            return observed;
        }

        // What was observed is in time order and a fresh read only reaches a little way back: keep the older
        // part as it is and merge the overlap, so a long window costs a copy, not a sort, per read.
        var from = fresh.Minutes.Min(m => m.Timestamp);
        int keep = observed.Minutes.Count;
        while (keep > 0 && observed.Minutes[keep - 1].Timestamp >= from)
        {
            keep--;
        }

        var overlap = new SortedDictionary<DateTimeOffset, SlotMinute>();
        foreach (var minute in observed.Minutes.Skip(keep).Concat(fresh.Minutes))
        {
            overlap[minute.Timestamp] = minute;
        }

        var merged = new List<SlotMinute>(keep + overlap.Count);
        merged.AddRange(observed.Minutes.Take(keep));
        merged.AddRange(overlap.Values);
        return new SlotMetrics(merged);
    }

    /// <summary>An upper bound on how long a release can hold its capacity lease.</summary>
    public static TimeSpan MaximumDuration(this UpgradePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var canary = policy.Canary.StepInterval * 2 * policy.Canary.Steps.Count;
        return policy.Warmup.Timeout + canary + policy.Approval.Timeout + policy.GuardWindow + TimeSpan.FromMinutes(30);
    }
}
