using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.WhatIf;

/// <summary>
/// Seamless as it runs online, fed with the replayed metrics and nothing from the trace's future:
/// <list type="bullet">
/// <item>alert fast path: the default plan-CPU metric alert (average over the alert window above
/// the alert threshold, evaluated every minute) ⇒ <see cref="ScaleOutRule"/> and a scale-in veto
/// for <see cref="ScaleInPolicy.AlertVeto"/>; within <see cref="ScaleInPolicy.ScaleOutSettle"/> of the
/// last scale-out, further alerts only renew the veto (as the alert router does) and the sweep still runs; the scale-out needs
/// <see cref="ScaleOutConfirmation.CpuConfirms"/> with the learned headroom's CPU line (as the alert fast path
/// confirms), otherwise only the veto is set and the sweep runs;</item>
/// <item>sweep: <see cref="ScaleInEvaluator"/> on a context built from the metrics (CPU, a flat
/// memory level, queue = overflow per instance, hottest instance = plan CPU since load is evenly
/// balanced, seasonal peaks from the replay's own history one day and seven days back);</item>
/// <item>verification: after <see cref="ScaleInPolicy.VerifyWindow"/> the step is judged by
/// <see cref="ScaleInVerification"/> (5xx = the share of demand the plan could not serve, CPU;
/// latency is not modelled) and reverted with a <see cref="ScaleInPolicy.RevertVeto"/> on harm; with learned
/// headroom the window is watched at the sweep cadence and ends in a scale-out when demand outgrows the step
/// (<see cref="ScaleInVerification.DemandOutgrewStep"/>).</item>
/// </list>
/// </summary>
internal sealed class SeamlessController(WhatIfOptions options, CapacityModel model) : IReplayController
{
    private const int Day = 24 * 60;
    private const int SeasonalGrainMinutes = 5;
    private static readonly DateTimeOffset Epoch = new(2000, 1, 3, 0, 0, 0, TimeSpan.Zero);

    private readonly ScaleInPolicy _policy = options.Policy;
    private readonly ScaleOutStep _saturationStep = ScaleOutStep.For(options.Policy, model.MaxInstances);

    // The most instances Seamless scales the replayed plan to: the plan's maximum (the model's) capped by the policy's
    // Max, as the product caps a plan (ScaleInOrchestrator.MaxCapacity).
    private readonly int _maxInstances = Math.Min(options.Policy.Max, model.MaxInstances);
    private readonly List<ScaleInRecord> _recent = [];
    private readonly List<DateTimeOffset> _alertScaleOuts = [];
    private int? _lastChange;
    private int _vetoUntil = -1;
    private string? _vetoReason;
    private PendingStep? _pending;
    private int? _lastOut;
    private LearnedHeadroom? _learned;
    private int _learnedAt = -1;
    private (int Minute, HeadroomEstimate? Estimate)? _estimate;
    private PromiseFloor _floor = PromiseFloor.None;

    public int Reverts { get; private set; }

    /// <summary>Gets the scale-outs the alert fast path made.</summary>
    public int AlertScaleOuts { get; private set; }

    /// <summary>Gets the scale-outs the learned headroom made ahead of demand (not alert-driven).</summary>
    public int PreScaleOuts { get; private set; }

    /// <summary>Sees every evaluator decision (diagnostics and tuning).</summary>
    public Action<int, ScaleInDecision>? Observer { get; init; }

    /// <summary>Sees every learning (hourly): the minute it was learned at and what was learned (<see cref="WhatIfRunner.RunWithSeries"/>).</summary>
    public Action<int, LearnedHeadroom>? Learning { get; init; }

    public int Decide(int minute, ReplayHistory history, int billed)
    {
        if (AlertFires(minute, history))
        {
            _vetoUntil = Math.Max(_vetoUntil, minute + Minutes(_policy.AlertVeto));
            _vetoReason = "plan CPU alert Fired";
            _pending = null;
            // Within the settle of the last alert scale-out the router only renews the veto; the sweep below still runs,
            // as the product's timer does (it scales out when the learned headroom needs more).
            var settling = _lastOut is { } last && minute - last < Minutes(_policy.ScaleOutSettle);
            var verdict = settling ? null : ScaleOutConfirmation.Evaluate(AlertContext(minute, history, billed), _policy);
            if (verdict?.Outcome == ScaleOutOutcome.ScaleOut)
            {
                AlertScaleOuts++;
                _alertScaleOuts.Add(At(minute));
                _lastChange = minute;
                _lastOut = minute;
                return verdict.Decision.ToCapacity;
            }

            // Refused (the CPU is within what the learned headroom allows, or the hourly limit is spent) or at the plan's
            // maximum: the router's veto stands and the sweep below still runs, as the product's timer does (it scales out
            // when the learned headroom needs more, up to the same maximum).
        }

        if (_pending is { } step)
        {
            if (minute < step.At + Minutes(_policy.VerifyWindow))
            {
                // The window is watched by the learned headroom at the sweep cadence (as the orchestrator watches it).
                if (_policy.Headroom != HeadroomMode.Learned
                    || minute % options.SweepIntervalMinutes != 0
                    || ScaleInVerification.DemandOutgrewStep(Headroom(minute, history), step.From, billed, _maxInstances) is not { } grown)
                {
                    return billed;
                }

                _pending = null;
                PreScaleOuts++;
                _lastChange = minute;
                return grown;
            }

            _pending = null;
            var verdict = ScaleInVerification.Evaluate(step.Baseline, Sample(history, step.At + 1, minute), _policy);
            if (verdict.Outcome == VerificationOutcome.Revert)
            {
                Reverts++;
                _vetoUntil = minute + Minutes(_policy.RevertVeto);
                _vetoReason = "step reverted: " + verdict.Reason;
                _lastChange = minute;
                return Math.Max(billed, step.From);
            }
        }

        if (minute % options.SweepIntervalMinutes != 0)
        {
            return billed;
        }

        var headroom = _policy.Headroom == HeadroomMode.Learned ? Headroom(minute, history) : null;
        if (headroom is { } h && h.Required > billed)
        {
            // Ahead of the rise: the learned headroom (or the same time yesterday / last week) needs more instances.
            PreScaleOuts++;
            _lastChange = minute;
            return h.Required;
        }

        var decision = ScaleInEvaluator.Evaluate(Context(minute, history, billed) with { Headroom = headroom }, _policy);
        Observer?.Invoke(minute, decision);
        if (decision.Action != ScaleInAction.ScaleIn)
        {
            return billed;
        }

        var window = _policy.WindowMinutes;
        _pending = new PendingStep(minute, billed, Sample(history, minute - window + 1, minute));
        _recent.Add(new ScaleInRecord(At(minute), decision.Step));
        _lastChange = minute;
        return decision.ToCapacity;
    }

    /// <summary>
    /// The learned headroom now. Learning is scored on history up to the last full hour (as the product does, so a
    /// sweep and its replay agree) and re-learned each hour; the required size uses every minute up to now.
    /// </summary>
    private HeadroomEstimate? Headroom(int minute, ReplayHistory history)
    {
        // An alert and the sweep in the same minute read the same estimate: it depends only on the minutes up to this one.
        if (_estimate is { } memo && memo.Minute == minute)
        {
            return memo.Estimate;
        }

        var settings = HeadroomSettings.For(_policy, TimeSpan.FromMinutes(options.SweepIntervalMinutes), model.MinInstances, _maxInstances);
        var hour = (minute + 1) / 60 * 60;
        if (_learned is null || hour != _learnedAt)
        {
            _learnedAt = hour;
            var reach = settings.LearningMinutes + DemandHistory.SeasonalLookBacks[^1];
            _learned = HeadroomLearner.Learn(Demand(history, hour - reach, hour), settings);
            Learning?.Invoke(minute, _learned);
            _floor = _floor.Record(At(hour), PromiseFloor.NamedBy(_learned, settings), PromiseFloor.HoldFor(settings), _learned.Promise?.BurstHours);
        }

        // The product passes the planner its whole ledger; the replay passes what the planner reads of it.
        var recentFrom = minute + 1 - HeadroomPlanner.HistoryMinutes;
        // Saturated (CPU capped, requests queue): the demand is unknown but higher; step like the alert fast path, from the
        // instances serving unless the demand still climbs (as the product's headroom activity does).
        var recent = RecentDemand(history, recentFrom, minute + 1);
        int? saturation = history.QueuePerInstance(minute) > 0
            ? SaturatedDemand.Target(recent, history.Serving[minute], history.Billed[minute], _saturationStep, settings.LeadMinutes)
            : null;
        var estimate = HeadroomPlanner.Estimate(recent, _learned, settings, saturation, _floor.At(At(minute + 1)));
        _estimate = (minute, estimate);
        return estimate;
    }

    /// <summary>
    /// Busy instances of minutes [from, to) as the metrics show them (history only; before the replay started: no data),
    /// the instances serving (the per-instance CPU shows them), and what a saturated minute asked for, from the share of
    /// its requests the plan turned away (the replay's 5xx), as the product reads it from the sites' <c>Requests</c> and
    /// <c>Http5xx</c>.
    /// </summary>
    /// <remarks>Copied once: the learner reads every minute many times (<see cref="RecentDemand"/> is the same minutes read on access).</remarks>
    private static DemandHistory Demand(ReplayHistory history, int from, int to)
    {
        var view = RecentDemand(history, from, to);
        return view with { Busy = [.. view.Busy], Asked = [.. view.Asked!], Serving = [.. view.Serving!] };
    }

    /// <summary>
    /// The minutes of <see cref="Demand"/>, each read when the planner reads it: the planner reads the latest hours and the
    /// same times of the earlier days of its week every minute, and copying the whole week every minute cost a quarter of
    /// a replay.
    /// </summary>
    private static DemandHistory RecentDemand(ReplayHistory history, int from, int to)
    {
        var count = Math.Max(0, to - from);
        return new DemandHistory(At(to), new MinuteView<double?>(from, count, i => history.Busy(i)))
        {
            Asked = new MinuteView<double?>(from, count, i => AskedAt(history, i)),
            Serving = new MinuteView<int?>(from, count, i => history.Serving[i]),
        };
    }

    /// <summary>What a saturated minute asked for, from the share of its requests the plan turned away; null for any other minute.</summary>
    private static double? AskedAt(ReplayHistory history, int minute)
    {
        if (history.QueuePerInstance(minute) <= 0)
        {
            return null;
        }

        var requests = history.Demand[minute];
        return SaturatedDemand.Asked(history.Busy(minute), requests, requests * history.OverflowPercent(minute) / 100);
    }

    /// <summary>Minutes [from, from + count) of the replay, read on access; a minute before the replay began has no data.</summary>
    private sealed class MinuteView<T>(int from, int count, Func<int, T> at) : IReadOnlyList<T?>
    {
        public int Count => count;

        public T? this[int index] => (uint)index >= (uint)count
            ? throw new ArgumentOutOfRangeException(nameof(index))
            : from + index < 0 ? default : at(from + index);

        public IEnumerator<T?> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static int Minutes(TimeSpan span) => (int)Math.Ceiling(span.TotalMinutes);

    private static DateTimeOffset At(int minute) => Epoch.AddMinutes(minute);

    private static VerificationSample Sample(ReplayHistory history, int from, int to)
    {
        from = Math.Max(0, from);
        var overflow = 0.0;
        for (var i = from; i <= to; i++)
        {
            overflow += history.OverflowPercent(i);
        }

        return new VerificationSample(overflow / (to - from + 1), null, history.MeanCpu(from, to));
    }

    /// <summary>Seamless's two default plan alerts: CPU high (average over the alert window) or saturated (short window).</summary>
    private bool AlertFires(int minute, ReplayHistory history) =>
        (minute + 1 >= options.AlertWindowMinutes
            && history.MeanCpu(minute - options.AlertWindowMinutes + 1, minute) > options.AlertCpu)
        || (minute + 1 >= options.SaturationAlertWindowMinutes
            && history.MeanCpu(minute - options.SaturationAlertWindowMinutes + 1, minute) >= options.SaturationAlertCpu);

    /// <summary>
    /// What the alert fast path reads (<see cref="ScaleOutConfirmation.Evaluate"/>): the last
    /// <see cref="ScaleOutConfirmation.Window"/> of minutes, its own scale-outs of the last hour, the learned headroom's
    /// multiplier and what a saturated latest minute asked for (as the orchestrator reads them from the same learning).
    /// </summary>
    private ScaleOutContext AlertContext(int minute, ReplayHistory history, int billed)
    {
        var samples = Signals(history, minute, Minutes(ScaleOutConfirmation.Window));
        _alertScaleOuts.RemoveAll(at => at <= At(minute) - ScaleOutConfirmation.RatePeriod);
        var headroom = _policy.Headroom == HeadroomMode.Learned ? Headroom(minute, history) : null;
        return new ScaleOutContext
        {
            Now = At(minute),
            Capacity = billed,
            MaxWorkers = model.MaxInstances,
            Cpu = samples.CpuPercent,
            Memory = samples.MemoryPercent,
            QueuePerInstance = samples.HttpQueuePerInstance,
            ScaleOutsAt = [.. _alertScaleOuts],
            LearnedMultiplier = headroom is null ? null : _learned?.LearnedMultiplier,
            LatestAsked = headroom?.LatestAsked,
            Serving = headroom?.Serving,
        };
    }

    /// <summary>The plan's signals as the metrics show them over the last <paramref name="window"/> minutes up to <paramref name="minute"/> (memory flat).</summary>
    private SignalSamples Signals(ReplayHistory history, int minute, int window)
    {
        var cpu = new List<double?>(window);
        var memory = new List<double?>(window);
        var queue = new List<double?>(window);
        for (var i = Math.Max(0, minute - window + 1); i <= minute; i++)
        {
            cpu.Add(history.Cpu[i]);
            memory.Add(options.ReplayedMemoryPercent);
            queue.Add(history.QueuePerInstance(i));
        }

        return new SignalSamples(cpu, memory, queue);
    }

    private ScaleInContext Context(int minute, ReplayHistory history, int billed)
    {
        var samples = Signals(history, minute, _policy.WindowMinutes);
        var stabilised = samples.CpuPercent.Max(v => v!.Value);
        var instance = new InstanceCpu("instance", history.Cpu[minute], stabilised);
        _recent.RemoveAll(r => r.At <= At(minute) - _policy.RateLimitPeriod);
        return new ScaleInContext
        {
            PlanId = "what-if",
            Now = At(minute),
            Capacity = billed,
            MaxWorkers = model.MaxInstances,
            Samples = samples,
            PerInstanceCpu = Enumerable.Repeat(instance, history.Serving[minute]).ToList(),
            LastCapacityChangeAt = _lastChange is { } changed ? At(changed) : null,
            RecentScaleIns = [.. _recent],
            VetoActive = _vetoUntil > minute,
            VetoUntil = _vetoUntil > minute ? At(_vetoUntil) : null,
            VetoReason = _vetoReason,
            Seasonal = new SeasonalPeaks(SeasonalPeak(minute, history, Day), SeasonalPeak(minute, history, 7 * Day)),
        };
    }

    /// <summary>
    /// Peak busy instances over the horizon starting at the same minute <paramref name="back"/> minutes
    /// ago — history only. Read at a 5-minute grain (PT5M averages, as the orchestrator asks Azure
    /// Monitor for a day-old window): a single noisy minute yesterday predicts nothing about today.
    /// </summary>
    private double? SeasonalPeak(int minute, ReplayHistory history, int back)
    {
        var horizon = Minutes(_policy.SeasonalHorizon);
        var from = minute - back + 1;
        var to = Math.Min(minute - back + horizon, minute);
        if (from < 0 || to < from)
        {
            return null;
        }

        var peak = 0.0;
        for (var bucket = from - (from % SeasonalGrainMinutes); bucket <= to; bucket += SeasonalGrainMinutes)
        {
            var end = Math.Min(bucket + SeasonalGrainMinutes - 1, minute);
            var sum = 0.0;
            for (var i = bucket; i <= end; i++)
            {
                sum += history.Busy(i);
            }

            peak = Math.Max(peak, sum / (end - bucket + 1));
        }

        return peak;
    }

    private sealed record PendingStep(int At, int From, VerificationSample Baseline);
}
