using Seamless.Core.WhatIf;

/// <summary>
/// How close any simple reactive policy gets to the target on a trace (evidence for docs/benchmarks.md,
/// not a Seamless policy): a family that scales out at once to ceil(demand / (C × up)) when the last
/// minute exceeded that, and scales in to ceil(max of the last w minutes / (C × down)), searched over
/// w ∈ {1, 3, 5, 10, 15, 20, 30}, up ∈ {0.8, 0.9, 1.0}, down ∈ {0.7 … 1.0}. Same capacity model,
/// provisioning delay and overload definition as <see cref="WhatIfRunner"/>; it sees nothing of the future.
/// </summary>
internal static class Frontier
{
    private static readonly int[] Windows = [1, 3, 5, 10, 15, 20, 30];
    private static readonly double[] Ups = [0.8, 0.9, 1.0];
    private static readonly double[] Downs = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0];

    /// <summary>The fewest instance-hours (× oracle) of the family with overload ≤ <paramref name="maxOverloadPercent"/>, and its settings.</summary>
    public static (double TimesOracle, double OverloadPercent, string Settings)? Best(Trace trace, int delay, double maxOverloadPercent)
    {
        var c = trace.Peak / WhatIfOptions.DefaultPeakInstances;
        var load = trace.Demand.Select(d => d / c).ToArray();
        var oracle = load.Sum(u => (double)Math.Max(WhatIfOptions.DefaultMinInstances, (int)Math.Ceiling(u - 1e-9)));
        (double, double, string)? best = null;
        foreach (var w in Windows)
        {
            foreach (var up in Ups)
            {
                foreach (var down in Downs)
                {
                    var (billed, overload) = Replay(load, delay, w, up, down);
                    var times = billed / oracle;
                    var percent = 100.0 * overload / load.Length;
                    if (percent <= maxOverloadPercent && (best is null || times < best.Value.Item1))
                    {
                        best = (times, percent, $"w={w} up={up} down={down}");
                    }
                }
            }
        }

        return best;
    }

    private static (double InstanceMinutes, int OverloadMinutes) Replay(double[] load, int delay, int window, double up, double down)
    {
        var ready = Enumerable.Repeat(0, WhatIfOptions.DefaultPeakInstances).ToList();
        var utilisation = new double[load.Length];
        double billedSum = 0, sum = 0;
        var overload = 0;
        for (var t = 0; t < load.Length; t++)
        {
            var billed = ready.Count;
            var serving = ready.Count(r => r <= t);
            billedSum += billed;
            utilisation[t] = load[t] / Math.Max(1, serving);
            sum += utilisation[t];
            if (t >= WhatIfRunner.OverloadMeanMinutes)
            {
                sum -= utilisation[t - WhatIfRunner.OverloadMeanMinutes];
            }

            if (sum / Math.Min(t + 1, WhatIfRunner.OverloadMeanMinutes) > 1 + 1e-9)
            {
                overload++;
            }

            var target = (int)Math.Ceiling((load[t] / up) - 1e-9);
            if (target <= billed)
            {
                var peak = 0.0;
                for (var i = Math.Max(0, t - window + 1); i <= t; i++)
                {
                    peak = Math.Max(peak, load[i]);
                }

                target = Math.Min(billed, Math.Max(WhatIfOptions.DefaultMinInstances, (int)Math.Ceiling((peak / down) - 1e-9)));
            }

            while (ready.Count < target)
            {
                ready.Add(t + 1 + delay);
            }

            if (ready.Count > target)
            {
                ready.RemoveRange(target, ready.Count - target);
            }
        }

        return (billedSum, overload);
    }
}
