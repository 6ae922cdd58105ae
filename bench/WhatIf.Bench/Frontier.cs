using Seamless.Core.WhatIf;

/// <summary>
/// How close simple online policies get to the target on a trace (evidence for docs/benchmarks.md,
/// not Seamless policies). Two families, same capacity model, provisioning delay and overload
/// definition as <see cref="WhatIfRunner"/>; neither sees anything of the future:
/// <list type="bullet">
/// <item><b>reactive</b>: scale out at once to ceil(demand / (C × up)) when the last minute exceeded
/// that, scale in to ceil(max of the last w minutes / (C × down)); w ∈ {1, 3, 5, 10, 15, 20, 30},
/// up ∈ {0.8, 0.9, 1.0}, down ∈ {0.7 … 1.0}.</item>
/// <item><b>forecast</b>: size for the demand the new instances will meet — demand × the q-quantile of
/// the growth ratio max(next delay + 1 minutes) / now, learned online from the last W minutes of the
/// trace's own past; scale in to the largest such size of the last h minutes; q ∈ {0.9 … 0.995},
/// W ∈ {360, 1440}, h ∈ {1, 3, 5, 10}.</item>
/// </list>
/// Each family's best setting is chosen with hindsight on the trace; <see cref="OnlineReactive"/> re-tunes the reactive
/// family online instead, as an operator without hindsight could, and <see cref="Ratchet"/> holds the largest demand seen.
/// </summary>
internal static class Frontier
{
    private static readonly int[] Windows = [1, 3, 5, 10, 15, 20, 30];
    private static readonly double[] Ups = [0.8, 0.9, 1.0];
    private static readonly double[] Downs = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0];
    private static readonly double[] Quantiles = [0.9, 0.95, 0.98, 0.99, 0.995];
    private static readonly int[] LearnWindows = [360, 1440];
    private static readonly int[] Holds = [1, 3, 5, 10];

    /// <summary>The fewest instance-hours (× oracle) of a family with overload ≤ <paramref name="maxOverloadPercent"/>, and its settings.</summary>
    public static FrontierBest? Best(Trace trace, int delay, double maxOverloadPercent, bool forecast = false, int peak = WhatIfOptions.DefaultPeakInstances)
    {
        var (load, oracle) = InInstances(trace, peak);
        (double, double, string)? best = null;
        foreach (var (settings, sizer) in forecast ? ForecastFamily(load, delay) : ReactiveFamily(load))
        {
            var (billed, overload) = Replay(load, delay, sizer, peak);
            var times = billed / oracle;
            var percent = 100.0 * overload / load.Length;
            if (percent <= maxOverloadPercent && (best is null || times < best.Value.Item1))
            {
                best = (times, percent, settings);
            }
        }

        return best;
    }

    /// <summary>
    /// The reactive family re-tuned online, as an operator without hindsight could run it: the most cautious setting
    /// (w = 30, up = 0.8, down = 0.7) serves the first day; at the end of every day each setting is replayed on the demand
    /// seen so far and the cheapest with overload ≤ <paramref name="maxOverloadPercent"/> there serves the next day (when
    /// none, the least overloaded). The reactive sizers read only the current and past minutes, so one may take over from
    /// another at any minute.
    /// </summary>
    public static (double TimesOracle, double OverloadPercent, int SettingsServed) OnlineReactive(Trace trace, int delay, double maxOverloadPercent, int peak = WhatIfOptions.DefaultPeakInstances)
    {
        var (load, oracle) = InInstances(trace, peak);
        var family = ReactiveFamily(load).ToList();
        var days = (load.Length + 1439) / 1440;
        var chosen = new int[days];
        chosen[0] = family.FindIndex(f => f.Settings == "reactive w=30 up=0.8 down=0.7");
        for (var day = 1; day < days; day++)
        {
            var seen = load[..(day * 1440)];
            var scores = new (double Billed, int Overload)[family.Count];
            Parallel.For(0, family.Count, i => scores[i] = Replay(seen, delay, family[i].Sizer, peak));
            var allowed = maxOverloadPercent * seen.Length / 100;
            var best = -1;
            var least = 0;
            for (var i = 0; i < family.Count; i++)
            {
                if (scores[i].Overload <= allowed + 1e-9 && (best < 0 || scores[i].Billed < scores[best].Billed))
                {
                    best = i;
                }

                if (scores[i].Overload < scores[least].Overload || (scores[i].Overload == scores[least].Overload && scores[i].Billed < scores[least].Billed))
                {
                    least = i;
                }
            }

            chosen[day] = best >= 0 ? best : least;
        }

        var (billed, overload) = Replay(load, delay, (t, b) => family[chosen[t / 1440]].Sizer(t, b), peak);
        return (billed / oracle, 100.0 * overload / load.Length, chosen.Distinct().Count());
    }

    /// <summary>
    /// The ratchet: never fewer instances than the largest demand seen so far (scale out at once to ⌈demand⌉, never scale
    /// in below the largest ⌈demand⌉ of the minutes before). Online, with no setting to tune: after the first jump to a new
    /// peak it holds that peak, so only a minute above every earlier one can overload. It shows what holding capacity costs
    /// on a trace whose jumps come at hours no history announces: static peak's cost, less what the minutes before each new
    /// peak save. A trace that keeps reaching new highs, or whose first peaks alone overload more than the budget, it misses.
    /// </summary>
    public static (double TimesOracle, double OverloadPercent) Ratchet(Trace trace, int delay, int peak = WhatIfOptions.DefaultPeakInstances)
    {
        var (load, oracle) = InInstances(trace, peak);
        var largest = WhatIfOptions.DefaultMinInstances;
        var (billed, overload) = Replay(load, delay, (t, _) => largest = Math.Max(largest, (int)Math.Ceiling(load[t] - 1e-9)), peak);
        return (billed / oracle, 100.0 * overload / load.Length);
    }

    /// <summary>Prints <see cref="OnlineReactive"/> on each trace and on how many it kept the budget (no effect on the exit code).</summary>
    public static void PrintOnlineReactive(IReadOnlyList<Trace> traces, int delay, double budget, string plural, int peak = WhatIfOptions.DefaultPeakInstances)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var kept = 0;
        foreach (var trace in traces)
        {
            var (timesOracle, overloadPercent, _) = OnlineReactive(trace, delay, budget, peak);
            kept += overloadPercent <= budget + 1e-9 ? 1 : 0;
            Console.WriteLine(string.Create(c, $"{trace.Name}: the frontier's reactive family re-tuned online: {timesOracle:0.000} × oracle at {overloadPercent:0.000} % overload"));
        }

        Console.WriteLine(string.Create(c, $"the frontier's reactive family re-tuned online kept the budget ({budget:0.###} %) on {kept} of {traces.Count} {plural}."));
    }

    /// <summary>The trace's demand in instances at 100 % CPU (its peak is <paramref name="peak"/>), and the oracle's instance-minutes on it.</summary>
    private static (double[] Load, double Oracle) InInstances(Trace trace, int peak)
    {
        var c = trace.Peak / peak;
        var load = trace.Demand.Select(d => d / c).ToArray();
        return (load, load.Sum(u => (double)Math.Max(WhatIfOptions.DefaultMinInstances, (int)Math.Ceiling(u - 1e-9))));
    }

    private static IEnumerable<(string Settings, Func<int, int, int> Sizer)> ReactiveFamily(double[] load)
    {
        foreach (var w in Windows)
        {
            foreach (var up in Ups)
            {
                foreach (var down in Downs)
                {
                    yield return ($"reactive w={w} up={up} down={down}", (t, billed) =>
                    {
                        var target = (int)Math.Ceiling((load[t] / up) - 1e-9);
                        if (target > billed)
                        {
                            return target;
                        }

                        var peak = 0.0;
                        for (var i = Math.Max(0, t - w + 1); i <= t; i++)
                        {
                            peak = Math.Max(peak, load[i]);
                        }

                        return Math.Min(billed, Math.Max(WhatIfOptions.DefaultMinInstances, (int)Math.Ceiling((peak / down) - 1e-9)));
                    });
                }
            }
        }
    }

    private static IEnumerable<(string Settings, Func<int, int, int> Sizer)> ForecastFamily(double[] load, int delay)
    {
        var lead = delay + 1;
        foreach (var q in Quantiles)
        {
            foreach (var learn in LearnWindows)
            {
                foreach (var hold in Holds)
                {
                    // State per replay: the sorted window of growth ratios seen so far and the sizes wanted.
                    var sorted = new List<double>();
                    var order = new Queue<double>();
                    var wanted = new int[load.Length];
                    yield return ($"forecast q={q} W={learn} h={hold}", (t, billed) =>
                    {
                        var s = t - lead;
                        if (s >= 0 && load[s] > 0)
                        {
                            var next = 0.0;
                            for (var i = s + 1; i <= t; i++)
                            {
                                next = Math.Max(next, load[i]);
                            }

                            Insert(sorted, next / load[s]);
                            order.Enqueue(next / load[s]);
                            if (order.Count > learn)
                            {
                                sorted.RemoveAt(sorted.BinarySearch(order.Dequeue()));
                            }
                        }

                        var growth = sorted.Count == 0 ? 1.5 : Math.Max(1.0, sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))]);
                        wanted[t] = Math.Max(WhatIfOptions.DefaultMinInstances, (int)Math.Ceiling((load[t] * growth) - 1e-9));
                        if (wanted[t] > billed)
                        {
                            return wanted[t];
                        }

                        var keep = 0;
                        for (var i = Math.Max(0, t - hold + 1); i <= t; i++)
                        {
                            keep = Math.Max(keep, wanted[i]);
                        }

                        return Math.Min(billed, keep);
                    });
                }
            }
        }
    }

    private static void Insert(List<double> sorted, double value)
    {
        var at = sorted.BinarySearch(value);
        sorted.Insert(at < 0 ? ~at : at, value);
    }

    private static (double InstanceMinutes, int OverloadMinutes) Replay(double[] load, int delay, Func<int, int, int> sizer, int peak)
    {
        // The plan starts at its static-peak size and may grow to twice it, as WhatIfRunner's capacity model.
        var start = Math.Max(WhatIfOptions.DefaultMinInstances, peak);
        var ready = Enumerable.Repeat(0, start).ToList();
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

            var target = Math.Min(2 * start, sizer(t, billed));

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
