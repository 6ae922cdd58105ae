using Seamless.Core.ScaleIn.Headroom;
using static System.FormattableString;

namespace Seamless.Core.ScaleIn;

/// <summary>The result of one rule: its verdict and the largest step it allows (0 on a hold).</summary>
internal readonly record struct RuleResult(RuleVerdict Verdict, int Step);

/// <summary>
/// The small rules of the scale-in pipeline. Each looks at one concern and either lets the
/// candidate step through, cuts it (Limit) or holds. Every rule is monotone: a smaller step never
/// fails a rule a larger one passes, so the evaluator can take the minimum over rules.
/// </summary>
internal static class ScaleInRules
{
    public static RuleResult Veto(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step)
    {
        if (!c.VetoActive)
        {
            return Pass(ScaleInRuleNames.Veto, step, "No veto.");
        }

        if (c.VetoUntil is { } until && until <= c.Now)
        {
            return Pass(ScaleInRuleNames.Veto, step, Invariant($"The veto ended at {until:u}."));
        }

        var untilText = c.VetoUntil is { } u ? Invariant($" until {u:u}") : " until lifted";
        return Hold(ScaleInRuleNames.Veto, ScaleInReasons.VetoActive, $"Scale-in is vetoed{untilText}: {c.VetoReason ?? "no reason recorded"}.");
    }

    public static RuleResult Lease(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step) =>
        c.LeaseHeld
            ? Hold(ScaleInRuleNames.Lease, ScaleInReasons.LeaseHeld, $"A release holds the capacity lease ({c.LeaseHolder ?? "holder unknown"}); capacity is frozen.")
            : Pass(ScaleInRuleNames.Lease, step, "No release holds the capacity lease.");

    public static RuleResult Unhealthy(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step) =>
        c.UnhealthyInstances.Count > 0
            ? Hold(ScaleInRuleNames.Unhealthy, ScaleInReasons.UnhealthyInstances, Invariant($"{c.UnhealthyInstances.Count} instance(s) unhealthy ({string.Join(", ", c.UnhealthyInstances)}); the healthy ones already carry more than their share."))
            : Pass(ScaleInRuleNames.Unhealthy, step, "All instances healthy.");

    public static RuleResult MissingData(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step)
    {
        var window = p.WindowMinutes;
        var problems = new List<string>();
        CheckSeries("CPU", c.Samples.CpuPercent);
        CheckSeries("memory", c.Samples.MemoryPercent);
        CheckSeries("HTTP queue", c.Samples.HttpQueuePerInstance);

        var covered = c.PerInstanceCpu.Count(i => i.Stabilised is not null);
        if (covered < Math.Max(1, c.Capacity))
        {
            problems.Add(Invariant($"per-instance CPU covers {covered} of {c.Capacity} instances"));
        }

        return problems.Count == 0
            ? Pass(ScaleInRuleNames.MissingData, step, Invariant($"Every signal has all {window} minutes of the window."))
            : Hold(ScaleInRuleNames.MissingData, ScaleInReasons.MissingData, $"Missing data: {string.Join("; ", problems)}. No data, no scale-in.");

        void CheckSeries(string name, IReadOnlyList<double?> samples)
        {
            var tail = StabilisedSignals.Tail(samples, window).ToList();
            var missing = window - tail.Count + tail.Count(v => v is null || !double.IsFinite(v.Value));
            if (missing > 0)
            {
                problems.Add(Invariant($"{name} misses {missing} of the last {window} minutes"));
            }
        }
    }

    public static RuleResult Stabilisation(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step) =>
        Pass(
            ScaleInRuleNames.Stabilisation,
            step,
            Invariant($"Maximum over {p.WindowMinutes} min: CPU {F(s.Cpu)} %, memory {F(s.Memory)} %, queue {F(s.Queue)}/instance, hottest instance {F(s.Hottest)} %."));

    public static RuleResult DeadBand(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step)
    {
        var (signal, ratio) = s.Each(p)
            .Select(x => (x.Signal, Ratio: (x.Stabilised ?? double.PositiveInfinity) / x.Limit))
            .MaxBy(x => x.Ratio);
        var band = 1 - p.Tolerance;
        return ratio >= band
            ? Hold(ScaleInRuleNames.DeadBand, ScaleInReasons.WithinDeadBand, Invariant($"{signal} is at {ratio:P0} of its limit (dead band from {band:P0}): too close to the target for a change."))
            : Pass(ScaleInRuleNames.DeadBand, step, Invariant($"Highest load is {signal} at {ratio:P0} of its limit, below the dead band ({band:P0})."));
    }

    public static RuleResult Projection(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step)
    {
        var n = c.Capacity;
        if (step < 1)
        {
            return Hold(ScaleInRuleNames.Projection, ScaleInReasons.SingleInstance, Invariant($"The plan runs {n} instance(s); there is none to remove."));
        }

        for (var k = step; k >= 1; k--)
        {
            if (FirstCrossing(s, p, n, k) is null)
            {
                return k == step
                    ? Pass(ScaleInRuleNames.Projection, k, Invariant($"Every signal stays below its limit on {n - k} instances."))
                    : new RuleResult(
                        new RuleVerdict(ScaleInRuleNames.Projection, RuleOutcome.Limit, ScaleInReasons.ProjectionLimitsStep, Invariant($"Removing {step} would cross a limit; removing {k} keeps every signal below it.")),
                        k);
            }
        }

        var (signal, projected, limit) = FirstCrossing(s, p, n, 1)!.Value;
        return Hold(ScaleInRuleNames.Projection, ScaleInReasons.ProjectionCrossesLine, Invariant($"On {n - 1} instance(s) {signal} would reach {projected:0.#} (limit {limit:0.#})."));
    }

    public static RuleResult Headroom(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step)
    {
        if (p.Headroom == HeadroomMode.Fixed)
        {
            return Pass(ScaleInRuleNames.Headroom, step, Invariant($"Fixed headroom: the CPU line ({p.CpuLimit:0.#} %) decides."));
        }

        if (c.Headroom is not { } h)
        {
            return Hold(ScaleInRuleNames.Headroom, ScaleInReasons.HeadroomUnknown, "No learned headroom: the plan's demand history could not be read. No data, no scale-in.");
        }

        var n = c.Capacity;
        if (h.Required > n)
        {
            return Hold(ScaleInRuleNames.Headroom, ScaleInReasons.HeadroomShort, Invariant($"The plan needs {h.Required} instance(s) and has {n}: {h.Summary}."));
        }

        if (h.Required == n)
        {
            return Hold(ScaleInRuleNames.Headroom, ScaleInReasons.HeadroomNeeded, Invariant($"Every instance is needed: {h.Summary}."));
        }

        if (h.ScaleInFloor >= n)
        {
            return Hold(ScaleInRuleNames.Headroom, ScaleInReasons.HeadroomRising, Invariant($"Demand is rising: the latest minute needs every instance the 5-minute mean would free: {h.Summary}."));
        }

        var allowed = n - Math.Max(h.Required, h.ScaleInFloor);
        return allowed < step
            ? new RuleResult(new RuleVerdict(ScaleInRuleNames.Headroom, RuleOutcome.Limit, ScaleInReasons.HeadroomLimitsStep, Invariant($"Only {allowed} instance(s) above what the budget needs: {h.Summary}.")), allowed)
            : Pass(ScaleInRuleNames.Headroom, step, Invariant($"{n - step} instance(s) keep the budget: {h.Summary}."));
    }

    public static RuleResult Bounds(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step)
    {
        var floor = p.FloorFor(c.ZoneRedundant);
        var zoneBound = c.ZoneRedundant && floor > p.Min;
        var what = zoneBound ? Invariant($"the zone-redundancy minimum ({floor})") : Invariant($"the policy minimum ({floor})");
        if (c.Capacity <= floor)
        {
            return Hold(ScaleInRuleNames.Bounds, zoneBound ? ScaleInReasons.AtZoneMinimum : ScaleInReasons.AtMinimum, Invariant($"{c.Capacity} instance(s) is at or below {what}."));
        }

        var allowed = c.Capacity - floor;
        return allowed < step
            ? new RuleResult(new RuleVerdict(ScaleInRuleNames.Bounds, RuleOutcome.Limit, ScaleInReasons.MinimumLimitsStep, Invariant($"Only {allowed} instance(s) above {what}.")), allowed)
            : Pass(ScaleInRuleNames.Bounds, step, Invariant($"{c.Capacity - step} instance(s) stays at or above {what}."));
    }

    public static RuleResult Cooldown(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step)
    {
        if (c.LastCapacityChangeAt is not { } last)
        {
            return Pass(ScaleInRuleNames.Cooldown, step, "No capacity change on record.");
        }

        var since = c.Now - last;
        return since < p.Cooldown
            ? Hold(ScaleInRuleNames.Cooldown, ScaleInReasons.CooldownActive, Invariant($"Capacity changed {since.TotalMinutes:0.#} min ago (at {last:u}); cooldown is {p.Cooldown.TotalMinutes:0.#} min."))
            : Pass(ScaleInRuleNames.Cooldown, step, Invariant($"Last capacity change {since.TotalMinutes:0.#} min ago."));
    }

    public static RuleResult RateLimit(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step)
    {
        var used = UsedInPeriod(c.RecentScaleIns, c.Now, p.RateLimitPeriod);
        var remaining = p.RateLimitInstances - used;
        var period = p.RateLimitPeriod.TotalMinutes;
        if (remaining <= 0)
        {
            return Hold(ScaleInRuleNames.RateLimit, ScaleInReasons.RateLimited, Invariant($"{used} instance(s) removed in the last {period:0.#} min; the limit is {p.RateLimitInstances}."));
        }

        return remaining < step
            ? new RuleResult(new RuleVerdict(ScaleInRuleNames.RateLimit, RuleOutcome.Limit, ScaleInReasons.RateLimitLimitsStep, Invariant($"{remaining} more instance(s) may go in this {period:0.#}-min period.")), remaining)
            : Pass(ScaleInRuleNames.RateLimit, step, Invariant($"{used} of {p.RateLimitInstances} instance(s) used in the last {period:0.#} min."));
    }

    public static RuleResult Seasonal(ScaleInContext c, ScaleInPolicy p, StabilisedSignals s, int step)
    {
        if (p.Headroom == HeadroomMode.Learned)
        {
            // The learner decides per plan whether yesterday / last week predict today (its seasonal term, in the
            // required capacity); a fixed guard on top would override what the plan's history showed.
            return new RuleResult(new RuleVerdict(ScaleInRuleNames.Seasonal, RuleOutcome.Continue, ScaleInReasons.SeasonalLearned, c.Headroom is { } h ? Invariant($"Learned headroom: the seasonal term is {(h.Setting.Seasonal ? "on" : "off")} for this plan.") : "Learned headroom: its seasonal term decides."), step);
        }

        var peaks = new[] { c.Seasonal?.YesterdayPeak, c.Seasonal?.LastWeekPeak }.Where(v => v is not null).Select(v => v!.Value).ToList();
        var horizon = p.SeasonalHorizon.TotalMinutes;
        if (peaks.Count == 0)
        {
            return p.MissingSeasonalData == MissingSeasonalDataBehaviour.Hold
                ? Hold(ScaleInRuleNames.Seasonal, ScaleInReasons.SeasonalDataMissing, "No history for the same time yesterday or last week, and the policy holds without it.")
                : new RuleResult(new RuleVerdict(ScaleInRuleNames.Seasonal, RuleOutcome.Continue, ScaleInReasons.SeasonalSkipped, "No history for the same time yesterday or last week; guard skipped (policy)."), step);
        }

        var peak = peaks.Max();
        var n = c.Capacity;
        for (var k = step; k >= 1; k--)
        {
            var projected = peak * 100 / (n - k);
            if (projected < p.CpuLimit)
            {
                return k == step
                    ? Pass(ScaleInRuleNames.Seasonal, k, Invariant($"The seasonal peak of the next {horizon:0} min ({peak:0.##} busy instances) fits {n - k} instances at {projected:0.#} % CPU."))
                    : new RuleResult(new RuleVerdict(ScaleInRuleNames.Seasonal, RuleOutcome.Limit, ScaleInReasons.SeasonalLimitsStep, Invariant($"The seasonal peak ({peak:0.##} busy instances) fits {n - k} instances but not {n - step}.")), k);
            }
        }

        return Hold(ScaleInRuleNames.Seasonal, ScaleInReasons.SeasonalPeak, Invariant($"In the next {horizon:0} min yesterday or last week peaked at {peak:0.##} busy instances: {peak * 100 / (n - 1):0.#} % CPU on {n - 1} (limit {p.CpuLimit:0.#})."));
    }

    /// <summary>The first signal whose projection onto n − k instances reaches its limit; a signal without data counts as crossing.</summary>
    internal static (CapacitySignal Signal, double Projected, double Limit)? FirstCrossing(StabilisedSignals s, ScaleInPolicy p, int n, int k)
    {
        foreach (var (signal, _, stabilised, limit) in s.Each(p))
        {
            var projected = Project(stabilised, n, k) ?? double.PositiveInfinity;
            if (!(projected < limit))
            {
                return (signal, projected, limit);
            }
        }

        return null;
    }

    /// <summary>Load spreads over the remaining instances: value × N / (N − k).</summary>
    internal static double? Project(double? value, int n, int k) => n - k >= 1 && value is { } v ? v * n / (n - k) : null;

    internal static int UsedInPeriod(IReadOnlyList<ScaleInRecord> records, DateTimeOffset now, TimeSpan period) =>
        records.Where(r => r.At > now - period && r.At <= now).Sum(r => r.Instances);

    private static RuleResult Pass(string rule, int step, string message) =>
        new(new RuleVerdict(rule, RuleOutcome.Continue, ScaleInReasons.Passed, message), step);

    private static RuleResult Hold(string rule, string reason, string message) =>
        new(new RuleVerdict(rule, RuleOutcome.Hold, reason, message), 0);

    private static string F(double? value) => value is { } v ? v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
