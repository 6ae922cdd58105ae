using Seamless.Core.WhatIf;

/// <summary>
/// Synthetic workload shapes common on App Service that none of the public traces has: a shift start (a weekday step to
/// ten times the night's demand, at once or over a quarter of an hour), timer-triggered batches (a burst at the top of
/// every hour or quarter hour), unannounced growth (demand doubles twice) and rare one-minute spikes (Pareto-sized).
/// Seven days each, 5 % noise per minute, seeded: the same series on every run. A stress check of the promise on shapes
/// the default was not tuned on; synthetic, so not evidence about real traffic.
/// </summary>
internal static class WorkloadShapes
{
    private const int Day = 24 * 60;
    private const int Minutes = 7 * Day;

    public static IEnumerable<Trace> All()
    {
        yield return Shape("business-hours", "weekdays 09:00–18:00 at 10× the night's demand, stepping at once", (m, _) => Weekday(m) && Within(m, 9 * 60, 18 * 60) ? 20 : 2);
        yield return Shape("business-ramp", "the same shift reached over 15 minutes and left over 20", (m, _) => Ramp(m));
        yield return Shape("hourly-batch", "a daily wave with a 3-minute burst to 2.5× at the top of every hour", (m, _) => Wave(m) * (m % 60 < 3 ? 2.5 : 1));
        yield return Shape("quarter-hour-batch", "a daily wave with a 2-minute burst to 1.8× every 15 minutes", (m, _) => Wave(m) * (m % 15 < 2 ? 1.8 : 1));
        yield return Shape("step-growth", "a flat demand that doubles, unannounced, on day 2 and on day 4", (m, _) => 5.0 * (m >= 4000 ? 4 : m >= 2000 ? 2 : 1));
        yield return Shape("random-spikes", "a daily wave with one-minute spikes (×Pareto(1.5)) on 0.3 % of minutes", (m, random) => Wave(m) * (random.NextDouble() < 0.003 ? Pareto(random, 1.5) : 1));
    }

    private static Trace Shape(string name, string how, Func<int, Random, double> demand)
    {
        var random = Seeded.For(name);
        var values = new List<double>(Minutes);
        for (var m = 0; m < Minutes; m++)
        {
            values.Add(Math.Max(0, demand(m, random) * (1 + (0.05 * Seeded.Gaussian(random)))));
        }

        return new Trace(name, values, 1, Minutes, $"Synthetic shape: {how}; 5 % noise per minute, seeded.");
    }

    private static bool Weekday(int minute) => minute / Day % 7 < 5;

    private static bool Within(int minute, int from, int to) => minute % Day >= from && minute % Day < to;

    private static double Wave(int minute) => 10 + (6 * Math.Sin(2 * Math.PI * ((minute % Day / (double)Day) - 0.25)));

    private static double Ramp(int minute)
    {
        var m = minute % Day;
        return !Weekday(minute) ? 2
            : m < 9 * 60 - 15 ? 2
            : m < 9 * 60 ? 2 + (18.0 * (m - (9 * 60 - 15)) / 15)
            : m < 18 * 60 ? 20
            : m < 18 * 60 + 20 ? 20 - (18.0 * (m - (18 * 60)) / 20)
            : 2;
    }

    private static double Pareto(Random random, double shape) => Math.Pow(1.0 - random.NextDouble(), -1 / shape);
}
