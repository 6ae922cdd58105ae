using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Model;

/// <summary>
/// The platform and load physics as pure functions: utilisation → latency, queueing, CPU and memory;
/// build → error rate. Numbers are chosen so effects are clearly visible, not to match any one SKU.
/// </summary>
internal static class Physics
{
    /// <summary>Utilisation above which latency starts to rise.</summary>
    public const double LatencyKnee = 0.85;

    /// <summary>Seconds of work an instance queues before it drops requests (503).</summary>
    public const double MaxQueueSeconds = 30;

    /// <summary>Latency of a 503 from an instance whose app is still starting.</summary>
    public const double ColdLatencyMs = 2500;

    /// <summary>Latency of a request dropped from a full queue (timeout).</summary>
    public const double DroppedLatencyMs = MaxQueueSeconds * 1000;

    /// <summary>Slowdown factor of a freshly initialised app (JIT, caches) for half its cold-start time.</summary>
    public const double WarmingSlowdown = 2;

    /// <summary>Latency multiplier at utilisation <paramref name="u"/> (1 below the knee, about 2 at 100 %).</summary>
    public static double LatencyFactor(double u) =>
        u <= LatencyKnee ? 1 : 1 + Math.Pow((Math.Min(u, 1.3) - LatencyKnee) / (1 - LatencyKnee), 2);

    /// <summary>Mean queue length of a busy but not overloaded server (M/M/1 Lq = ρ²/(1-ρ), capped).</summary>
    public static double PressureQueue(double u)
    {
        double r = Math.Clamp(u, 0, 0.98);
        return Math.Min(50, r * r / (1 - r));
    }

    /// <summary>CPU % of an instance.</summary>
    public static double Cpu(double u, int startingProcesses, double noise) =>
        Math.Clamp(4 + (90 * Math.Min(u, 1.06)) + (2 * noise) + (15 * startingProcesses), 0, 100);

    /// <summary>Memory % of an instance.</summary>
    public static double Memory(double u, int processes, double noise) =>
        Math.Clamp(30 + (6 * processes) + (20 * Math.Min(u, 1.2)) + (1.5 * noise), 0, 100);

    /// <summary>Fraction of requests a warm instance of the build answers with 5xx.</summary>
    public static double ErrorRate(BuildSpec build, DateTimeOffset? productionSince, double u, DateTimeOffset t)
    {
        if (build.DegradeAfterMinutes is double minutes
            && (productionSince is null || t < productionSince.Value.AddMinutes(minutes)))
        {
            return 0;
        }

        double rate = build.ErrorRate + (u >= build.LoadThreshold ? build.ErrorRateUnderLoad : 0);
        return Math.Clamp(rate, 0, 1);
    }

    /// <summary>Whether the app process answers correctly at <paramref name="t"/>.</summary>
    public static bool IsReady(ProcessState p, BuildSpec build, DateTimeOffset t) =>
        !build.FailsWarmup
        && t >= p.StartedAt.AddSeconds(build.ColdStartSeconds)
        && (!p.NeedsRequest || (p.InitialisedAt is { } at && t >= at));

    /// <summary>Whether the app process is still in its start-up phase (answers 503).</summary>
    public static bool IsStarting(ProcessState p, BuildSpec build, DateTimeOffset t) =>
        build.FailsWarmup || t < p.StartedAt.AddSeconds(build.ColdStartSeconds);

    /// <summary>Whether a ready process is still slow after initialisation.</summary>
    public static bool IsWarming(ProcessState p, BuildSpec build, DateTimeOffset t)
    {
        var readyAt = p.InitialisedAt ?? p.StartedAt.AddSeconds(build.ColdStartSeconds);
        return t < readyAt.AddSeconds(build.ColdStartSeconds / 2);
    }

    /// <summary>Weighted quantile of (value, weight) samples.</summary>
    public static double Quantile(List<(double Value, double Weight)> samples, double q)
    {
        if (samples.Count == 0)
        {
            return 0;
        }

        var sorted = samples.OrderBy(s => s.Value).ToList();
        double total = sorted.Sum(s => s.Weight);
        double target = q * total, acc = 0;
        foreach (var (value, weight) in sorted)
        {
            acc += weight;
            if (acc >= target - 1e-9)
            {
                return value;
            }
        }

        return sorted[^1].Value;
    }
}
