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
    public static WhatIfReport Run(Trace trace, WhatIfOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid what-if options: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")), nameof(options));
        }

        if (trace.Minutes == 0 || trace.Peak <= 0)
        {
            throw new ArgumentException("The trace has no demand to replay.", nameof(trace));
        }

        var model = Model(trace, options);
        var results = new List<PolicyResult>
        {
            Replay(WhatIfPolicyNames.Seamless, trace, model, new SeamlessController(options, model)),
            Replay(WhatIfPolicyNames.AzureAutoscale, trace, model, new AzureAutoscaleController(model.MinInstances, model.MaxInstances)),
            Replay(WhatIfPolicyNames.Hpa, trace, model, new HpaController(model.MinInstances, model.MaxInstances)),
            Replay(WhatIfPolicyNames.StaticPeak, trace, model, null),
            Oracle(trace, model),
        };

        return new WhatIfReport(
            new TraceSummary(trace.Name, trace.Minutes, trace.ResolutionMinutes, trace.Note),
            model,
            results);
    }

    /// <summary>Replays one reactive policy (benchmarks and tuning; <see cref="Run"/> replays all).</summary>
    internal static PolicyResult RunOne(string name, Trace trace, WhatIfOptions options)
    {
        var model = Model(trace, options);
        return name switch
        {
            WhatIfPolicyNames.Seamless => Replay(name, trace, model, new SeamlessController(options, model)),
            WhatIfPolicyNames.AzureAutoscale => Replay(name, trace, model, new AzureAutoscaleController(model.MinInstances, model.MaxInstances)),
            WhatIfPolicyNames.Hpa => Replay(name, trace, model, new HpaController(model.MinInstances, model.MaxInstances)),
            WhatIfPolicyNames.StaticPeak => Replay(name, trace, model, null),
            _ => Oracle(trace, model),
        };
    }

    private static CapacityModel Model(Trace trace, WhatIfOptions options)
    {
        var perInstance = options.CapacityPerInstance ?? trace.Peak / WhatIfOptions.DefaultPeakInstances;
        var source = options.CapacityPerInstance is null
            ? Invariant($"trace peak / {WhatIfOptions.DefaultPeakInstances}")
            : "given";
        var peakInstances = Math.Max(options.MinInstances, (int)Math.Ceiling((trace.Peak / perInstance) - 1e-9));
        var max = Math.Max(peakInstances, options.MaxInstances ?? (2 * peakInstances));
        return new CapacityModel(perInstance, source, trace.Peak, peakInstances, options.MinInstances, max, peakInstances, options.ProvisioningDelayMinutes);
    }

    private static PolicyResult Replay(string name, Trace trace, CapacityModel model, IReplayController? controller)
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

        return Figures(name, history.Billed, history.Utilisation, actions);
    }

    private static PolicyResult Oracle(Trace trace, CapacityModel model)
    {
        var billed = new int[trace.Minutes];
        var utilisation = new double[trace.Minutes];
        var actions = new List<(int Minute, int From, int To)>();
        for (var minute = 0; minute < trace.Minutes; minute++)
        {
            var need = (int)Math.Ceiling((trace.Demand[minute] / model.PerInstancePerMinute) - 1e-9);
            billed[minute] = Math.Max(model.MinInstances, need);
            utilisation[minute] = trace.Demand[minute] / (billed[minute] * model.PerInstancePerMinute);
            if (minute > 0 && billed[minute] != billed[minute - 1])
            {
                actions.Add((minute - 1, billed[minute - 1], billed[minute]));
            }
        }

        return Figures(WhatIfPolicyNames.Oracle, billed, utilisation, actions);
    }

    private static PolicyResult Figures(string name, int[] billed, double[] utilisation, List<(int Minute, int From, int To)> actions)
    {
        var overload = 0;
        var hot = 0;
        var sum = 0.0;
        for (var minute = 0; minute < utilisation.Length; minute++)
        {
            sum += utilisation[minute];
            if (minute >= OverloadMeanMinutes)
            {
                sum -= utilisation[minute - OverloadMeanMinutes];
            }

            var count = Math.Min(minute + 1, OverloadMeanMinutes);
            if (sum / count > 1 + 1e-9)
            {
                overload++;
            }

            if (utilisation[minute] > HotUtilisation)
            {
                hot++;
            }
        }

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
