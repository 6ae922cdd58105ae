using static System.FormattableString;

namespace Seamless.Core.WhatIf;

/// <summary>
/// Replays a demand trace minute by minute under each policy of <see cref="WhatIfPolicyNames.All"/>
/// and measures what users and the bill would have seen. Pure: same trace and options, same report.
/// </summary>
public static class WhatIfRunner
{
    /// <summary>Minutes over which overload is averaged (a minute is overloaded when the trailing 5-minute mean utilisation exceeds 100 %).</summary>
    public const int OverloadMeanMinutes = 5;

    /// <summary>Utilisation above which a minute counts as hot (users feel latency).</summary>
    public const double HotUtilisation = 0.85;

    /// <summary>A scale-in undone by a scale-out within this many minutes is a flap.</summary>
    public const int FlapMinutes = 15;

    /// <summary>Replays the trace.</summary>
    /// <param name="trace">The per-minute demand.</param>
    /// <param name="options">Capacity model and policy settings.</param>
    /// <returns>One result per policy.</returns>
    /// <exception cref="ArgumentException">The options are invalid or the trace is empty or all zero.</exception>
    public static WhatIfReport Run(Trace trace, WhatIfOptions options) => Replay(trace, options, withSeries: false).Report;

    /// <summary>Replays the trace as <see cref="Run"/> does and keeps the minutes behind the figures.</summary>
    /// <param name="trace">The per-minute demand.</param>
    /// <param name="options">Capacity model and policy settings.</param>
    /// <returns>The report (the same as <see cref="Run"/>'s) and every policy's minutes.</returns>
    /// <exception cref="ArgumentException">The options are invalid or the trace is empty or all zero.</exception>
    public static WhatIfRun RunWithSeries(Trace trace, WhatIfOptions options) => Replay(trace, options, withSeries: true);

    /// <summary>Refuses options that fail validation, naming every field at fault.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    internal static void ThrowIfInvalid(WhatIfOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid what-if options: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")), nameof(options));
        }
    }

    private static WhatIfRun Replay(Trace trace, WhatIfOptions options, bool withSeries)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid(options);

        if (trace.Minutes == 0 || trace.Peak <= 0)
        {
            throw new ArgumentException("The trace has no demand to replay.", nameof(trace));
        }

        var model = Model(trace, options);
        var need = Need(trace, model);
        var learning = new List<LearningSpan>();
        var seamless = new SeamlessController(options, model) { Learning = (minute, learned) => learning.Add(new LearningSpan(minute, learned)) };
        (string Name, ReplaySeries Series)[] replays =
        [
            (WhatIfPolicyNames.Seamless, Simulate(trace, model, seamless)),
            (WhatIfPolicyNames.AzureAutoscale, Simulate(trace, model, new AzureAutoscaleController(model.MinInstances, model.MaxInstances, AzureAutoscaleSettings.Default))),
            (WhatIfPolicyNames.Hpa, Simulate(trace, model, new HpaController(model.MinInstances, model.MaxInstances, HpaSettings.Default))),
            (WhatIfPolicyNames.StaticPeak, Simulate(trace, model, null)),
            (WhatIfPolicyNames.Oracle, OracleSeries(trace, model, need)),
        ];
        var tuned = options.Peers is WhatIfPeers.Tuned or WhatIfPeers.Online ? PeerTuner.TuneWithSeries(trace, model, need, options.OverloadBudgetPercent) : [];
        var online = options.Peers == WhatIfPeers.Online ? PeerTuner.TuneOnlineWithSeries(trace, model, need, options.OverloadBudgetPercent) : [];
        var report = new WhatIfReport(
            new TraceSummary(trace.Name, trace.Minutes, trace.ResolutionMinutes, trace.Note),
            model,
            [.. replays.Select(r => Figures(r.Name, r.Series, need))])
        {
            Tuned = [.. tuned.Select(t => t.Policy)],
            Online = [.. online.Select(o => o.Policy)],
            SeamlessLearning = LearningSummary(learning) is { } summary
                ? summary with { AtLargestMinimum = AtMinimum(trace, options, model, need, summary.LargestMinimumToKeepBudget) }
                : null,
        };
        var series = new WhatIfSeries(
            trace.Name,
            withSeries ? [.. trace.Demand.Select(d => d / model.PerInstancePerMinute)] : [],
            withSeries ? [.. replays.Concat(tuned.Select(t => (t.Policy.Result.Name, t.Series))).Concat(online.Select(o => (o.Policy.Result.Name, o.Series))).Select(r => PolicySeriesOf(r.Name, r.Series))] : [],
            withSeries ? learning : []);
        return new WhatIfRun(report, series);
    }

    private static SeamlessLearningSummary? LearningSummary(List<LearningSpan> learning)
    {
        if (learning.Count == 0)
        {
            return null;
        }

        var beyond = learning.Select(l => l.Learned).Where(l => l.OverloadPercentBeyondReach is not null).ToList();
        return new SeamlessLearningSummary(
            learning.Count,
            learning.Count(l => !l.Learned.Learned),
            learning.Count(l => !l.Learned.BudgetKeptOnHistory),
            beyond.Count,
            beyond.Max(l => l.MinimumToKeepBudget),
            beyond.Count(l => l.MinimumToKeepBudget is null));
    }

    /// <summary>
    /// Seamless replayed with the plan's minimum raised to <paramref name="minimum"/> from the start (the policy's and the
    /// replay's), as an operator who took the journal's word would set it: what keeping the promise there costs. Null when
    /// no minimum was named or it is no more than the plan's.
    /// </summary>
    private static PolicyResult? AtMinimum(Trace trace, WhatIfOptions options, CapacityModel model, int[] need, int? minimum)
    {
        if (minimum is not { } raisedTo || raisedTo <= model.MinInstances)
        {
            return null;
        }

        var raised = model with { MinInstances = raisedTo, StartInstances = Math.Max(model.StartInstances, raisedTo) };
        var policy = options.Policy with { Min = Math.Max(options.Policy.Min, raisedTo), Max = Math.Max(options.Policy.Max, raisedTo) };
        return Figures(Invariant($"{WhatIfPolicyNames.Seamless}-min-{raisedTo}"), Simulate(trace, raised, new SeamlessController(options with { Policy = policy }, raised)), need);
    }

    private static PolicySeries PolicySeriesOf(string name, ReplaySeries series) =>
        new(name, series.Billed, series.Serving, series.Utilisation, Overloaded(series.Utilisation));

    /// <summary>Replays one reactive policy (benchmarks and tuning; <see cref="Run"/> replays all).</summary>
    internal static PolicyResult RunOne(string name, Trace trace, WhatIfOptions options)
    {
        var model = Model(trace, options);
        var need = Need(trace, model);
        return name switch
        {
            WhatIfPolicyNames.Seamless => Replay(name, trace, model, need, new SeamlessController(options, model)),
            WhatIfPolicyNames.AzureAutoscale => Replay(name, trace, model, need, new AzureAutoscaleController(model.MinInstances, model.MaxInstances, AzureAutoscaleSettings.Default)),
            WhatIfPolicyNames.Hpa => Replay(name, trace, model, need, new HpaController(model.MinInstances, model.MaxInstances, HpaSettings.Default)),
            WhatIfPolicyNames.StaticPeak => Replay(name, trace, model, need, null),
            _ => Figures(WhatIfPolicyNames.Oracle, OracleSeries(trace, model, need), need),
        };
    }

    /// <summary>Replays a controller and returns its series (the tuner scores many of them before computing figures).</summary>
    internal static ReplaySeries Simulate(Trace trace, CapacityModel model, IReplayController? controller)
    {
        var history = new ReplayHistory(trace.Demand, model.PerInstancePerMinute);
        var plan = new ReplayPlan(model.StartInstances, model.ProvisioningDelayMinutes);
        var actions = new List<(int Minute, int From, int To)>();
        for (var minute = 0; minute < trace.Minutes; minute++)
        {
            var billed = plan.Billed;
            history.Record(minute, billed, plan.ServingAt(minute));
            if (controller is null)
            {
                continue;
            }

            var target = controller.Decide(minute, history, billed);
            if (target != billed)
            {
                plan.ScaleTo(target, minute);
                actions.Add((minute, billed, target));
            }
        }

        return new ReplaySeries(history.Billed, history.Serving, history.Utilisation, actions);
    }

    /// <summary>The figures of a replayed series; <paramref name="need"/> is the demand in instances (the oracle's).</summary>
    internal static PolicyResult Figures(string name, ReplaySeries series, int[] need) =>
        Figures(name, series.Billed, series.Utilisation, series.Actions) with
        {
            Elasticity = SpecElasticity.Compute(Array.ConvertAll(need, n => (double)n), Array.ConvertAll(series.Serving, s => (double)s)),
        };

    /// <summary>Minutes whose trailing <see cref="OverloadMeanMinutes"/>-minute mean utilisation exceeds 100 %.</summary>
    internal static int OverloadMinutes(double[] utilisation) => Overloaded(utilisation).Count(o => o);

    /// <summary>Whether each minute's trailing <see cref="OverloadMeanMinutes"/>-minute mean utilisation exceeds 100 %.</summary>
    internal static bool[] Overloaded(double[] utilisation)
    {
        var overloaded = new bool[utilisation.Length];
        var sum = 0.0;
        for (var minute = 0; minute < utilisation.Length; minute++)
        {
            sum += utilisation[minute];
            if (minute >= OverloadMeanMinutes)
            {
                sum -= utilisation[minute - OverloadMeanMinutes];
            }

            overloaded[minute] = sum / Math.Min(minute + 1, OverloadMeanMinutes) > 1 + 1e-9;
        }

        return overloaded;
    }

    /// <summary>The capacity model of a trace under the options.</summary>
    internal static CapacityModel Model(Trace trace, WhatIfOptions options)
    {
        var perInstance = options.CapacityPerInstance ?? trace.Peak / options.PeakInstances;
        var source = options.CapacityPerInstance is null
            ? Invariant($"trace peak / {options.PeakInstances}")
            : "given";
        var peakInstances = Math.Max(options.MinInstances, (int)Math.Ceiling((trace.Peak / perInstance) - 1e-9));
        var max = Math.Max(peakInstances, options.MaxInstances ?? (2 * peakInstances));
        return new CapacityModel(perInstance, source, trace.Peak, peakInstances, options.MinInstances, max, peakInstances, options.ProvisioningDelayMinutes);
    }

    /// <summary>Each minute's demand in instances: the fewest that carry it at 100 % CPU, at least the minimum (the oracle's size).</summary>
    internal static int[] Need(Trace trace, CapacityModel model)
    {
        var need = new int[trace.Minutes];
        for (var minute = 0; minute < trace.Minutes; minute++)
        {
            need[minute] = Math.Max(model.MinInstances, (int)Math.Ceiling((trace.Demand[minute] / model.PerInstancePerMinute) - 1e-9));
        }

        return need;
    }

    private static PolicyResult Replay(string name, Trace trace, CapacityModel model, int[] need, IReplayController? controller) =>
        Figures(name, Simulate(trace, model, controller), need);

    private static ReplaySeries OracleSeries(Trace trace, CapacityModel model, int[] need)
    {
        var billed = need.ToArray();
        var utilisation = new double[trace.Minutes];
        var actions = new List<(int Minute, int From, int To)>();
        for (var minute = 0; minute < trace.Minutes; minute++)
        {
            utilisation[minute] = trace.Demand[minute] / (billed[minute] * model.PerInstancePerMinute);
            if (minute > 0 && billed[minute] != billed[minute - 1])
            {
                actions.Add((minute - 1, billed[minute - 1], billed[minute]));
            }
        }

        return new ReplaySeries(billed, billed, utilisation, actions);
    }

    private static PolicyResult Figures(string name, int[] billed, double[] utilisation, IReadOnlyList<(int Minute, int From, int To)> actions)
    {
        var overload = OverloadMinutes(utilisation);
        var hot = utilisation.Count(u => u > HotUtilisation);

        var sorted = utilisation.ToArray();
        Array.Sort(sorted);
        var p95 = sorted[Math.Max(0, (int)Math.Ceiling(0.95 * sorted.Length) - 1)] * 100;

        var flaps = 0;
        for (var i = 0; i < actions.Count; i++)
        {
            if (actions[i].To >= actions[i].From)
            {
                continue;
            }

            for (var j = i + 1; j < actions.Count && actions[j].Minute - actions[i].Minute <= FlapMinutes; j++)
            {
                if (actions[j].To > actions[j].From)
                {
                    flaps++;
                    break;
                }
            }
        }

        var instanceMinutes = billed.Sum(b => (long)b);
        return new PolicyResult(
            name,
            Math.Round(instanceMinutes / 60.0, 2),
            overload,
            hot,
            Math.Round(p95, 1),
            actions.Count,
            flaps);
    }
}

/// <summary>What a replay produced, minute by minute.</summary>
/// <param name="Billed">Billed instances.</param>
/// <param name="Serving">Serving instances.</param>
/// <param name="Utilisation">True utilisation of the serving instances.</param>
/// <param name="Actions">Capacity changes (decided at the end of Minute).</param>
internal sealed record ReplaySeries(int[] Billed, int[] Serving, double[] Utilisation, IReadOnlyList<(int Minute, int From, int To)> Actions);
