using Seamless.Core.Alerts;
using static System.FormattableString;

namespace Seamless.Core.ScaleIn;

/// <summary>
/// The alert fast path's decision. A Fired capacity alert is a delivery, not evidence: the plan's own
/// metrics must show the load (CPU at or above <see cref="PlanAlertRules.CpuHighPercent"/>, the lower
/// line of the deployed CPU rules, or memory / HTTP queue at or above the policy's scale-out lines —
/// the other capacity signals a routed alert may watch) in at least one minute of the window, missing
/// data confirms nothing, and at most <see cref="ScaleInPolicy.ScaleOutMaxPerHour"/> scale-outs happen
/// per plan per hour (alert-driven scale-outs only). Only then is the step of <see cref="ScaleOutRule"/> taken — sized to
/// the demand the CPU shows when the learned headroom is known and the latest minute is not saturated
/// (<see cref="ScaleOutRule.SizeToDemand"/>), over the instances serving: while an order still starts and already
/// carries that demand, the alert is refused (<see cref="ScaleOutRule.OrderCovers"/>). With learned headroom the CPU line is
/// <see cref="CpuLine"/>: a plan the headroom planner sized to run at, say, 95 % CPU (headroom ×1.05) trips the deployed
/// 92 % rule without anything going wrong, and the sweep already scales out as soon as demand outgrows the learned
/// headroom; the alert's step is taken only when the CPU is above what the learned headroom implies.
/// </summary>
public static class ScaleOutConfirmation
{
    /// <summary>Reason: no CPU, memory or queue figure in the window.</summary>
    public const string NoData = "NoData";

    /// <summary>Reason: every figure in the window is below its line.</summary>
    public const string NotConfirmed = "NotConfirmed";

    /// <summary>Reason: the plan's hourly scale-out budget is spent.</summary>
    public const string RateLimited = "RateLimited";

    /// <summary>The metric window read before acting: the deployed CPU-high rule's window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(PlanAlertRules.CpuHighWindowMinutes);

    /// <summary>The period of <see cref="ScaleInPolicy.ScaleOutMaxPerHour"/>.</summary>
    public static readonly TimeSpan RatePeriod = TimeSpan.FromHours(1);

    /// <summary>
    /// The CPU line that confirms an alert: the deployed CPU-high line, or the line the learned headroom implies
    /// (100 / multiplier) when that is higher. Confirmation needs a minute at the deployed line and, above it, the
    /// window's mean or its latest minute at the learned line.
    /// </summary>
    /// <param name="learnedCpuLine">The learned headroom's CPU line, or null.</param>
    /// <returns>The CPU line, percent.</returns>
    public static double CpuLine(double? learnedCpuLine) => Math.Max(PlanAlertRules.CpuHighPercent, learnedCpuLine ?? 0);

    /// <summary>
    /// Whether the CPU figures confirm a CPU alert: a minute at or above the deployed line and, when the learned line is
    /// higher, the mean of the minutes with data or the latest of them at or above the learned line.
    /// </summary>
    /// <param name="cpu">Plan CPU % per minute, oldest first (null = no data).</param>
    /// <param name="learnedCpuLine">The learned headroom's CPU line, or null.</param>
    /// <returns>True when the CPU confirms.</returns>
    public static bool CpuConfirms(IReadOnlyList<double?> cpu, double? learnedCpuLine)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        var known = cpu.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (known.Count == 0 || known.Max() < PlanAlertRules.CpuHighPercent)
        {
            return false;
        }

        var line = CpuLine(learnedCpuLine);
        return line <= PlanAlertRules.CpuHighPercent || known.Average() >= line || known[^1] >= line;
    }

    /// <summary>Decides whether (and how far) to scale out.</summary>
    /// <param name="context">The plan's capacity, recent metrics and recent scale-outs.</param>
    /// <param name="policy">The policy (lines, hourly limit, step and cap).</param>
    /// <returns>The verdict with its reason.</returns>
    public static ScaleOutVerdict Evaluate(ScaleOutContext context, ScaleInPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);

        var step = ScaleOutRule.Compute(context.Capacity, context.MaxWorkers, policy);
        double? cpu = Peak(context.Cpu), memory = Peak(context.Memory), queue = Peak(context.QueuePerInstance);
        int recent = context.ScaleOutsAt.Count(t => t > context.Now - RatePeriod && t <= context.Now);
        var cpuLine = CpuLine(context.LearnedCpuLine);
        string line = cpuLine > PlanAlertRules.CpuHighPercent ? Invariant($"{PlanAlertRules.CpuHighPercent}; mean or latest minute ≥ {cpuLine:0.#}, the learned headroom's line") : Invariant($"{PlanAlertRules.CpuHighPercent}");
        string figures = Invariant($"peak CPU {F(cpu)} % (line {line}), memory {F(memory)} % (line {policy.ScaleOutMemory}), queue {F(queue)}/instance (line {policy.ScaleOutQueuePerInstance}) over the last {Window.TotalMinutes:0} min");
        ScaleOutVerdict Refuse(string reason, string message) =>
            new(ScaleOutOutcome.Refused, reason, message, step with { ToCapacity = context.Capacity, Reason = reason, Message = message }, cpu, memory, queue, recent);

        if (cpu is null && memory is null && queue is null)
        {
            return Refuse(NoData, Invariant($"No scale-out: Azure Monitor has no CPU, memory or queue figure for the plan over the last {Window.TotalMinutes:0} min, so the alert is not confirmed."));
        }

        var cpuConfirms = CpuConfirms(context.Cpu, context.LearnedCpuLine);
        if (!(cpuConfirms || memory >= policy.ScaleOutMemory || queue >= policy.ScaleOutQueuePerInstance))
        {
            return Refuse(NotConfirmed, Invariant($"No scale-out: the plan's metrics do not confirm the alert ({figures})."));
        }

        if (recent >= policy.ScaleOutMaxPerHour)
        {
            return Refuse(RateLimited, Invariant($"No scale-out: {recent} scale-out(s) of the plan in the last hour, the policy allows {policy.ScaleOutMaxPerHour} (scaleOutMaxPerHour); {figures}."));
        }

        if (context.LearnedMultiplier is { } multiplier && cpuConfirms && !(memory >= policy.ScaleOutMemory))
        {
            // Confirmed by the CPU alone: where the latest minute is not saturated its CPU shows the demand, and the learned
            // headroom says how many instances carry it.
            var latest = LastIndexWithData(context.Cpu);
            step = ScaleOutRule.SizeToDemand(step, latest < 0 ? null : context.Cpu[latest], latest < 0 || latest >= context.QueuePerInstance.Count ? null : context.QueuePerInstance[latest], multiplier, policy, context.Serving);
            if (step.Reason == ScaleOutRule.OrderCovers)
            {
                return Refuse(ScaleOutRule.OrderCovers, Invariant($"{step.Message} Window: {figures}."));
            }
        }

        // Saturated and turning requests away: the minute's requests say how much more than the CPU shows was asked, and
        // the learned headroom goes on top of it as on any level the plan knows.
        step = ScaleOutRule.SizeToAsked(step, context.LatestAsked, context.LearnedMultiplier ?? 1);

        return step.ToCapacity > context.Capacity
            ? new ScaleOutVerdict(ScaleOutOutcome.ScaleOut, step.Reason, Invariant($"{step.Message} Confirmed: {figures}."), step, cpu, memory, queue, recent)
            : new ScaleOutVerdict(ScaleOutOutcome.AtMaximum, step.Reason, step.Message, step, cpu, memory, queue, recent);
    }

    private static int LastIndexWithData(IReadOnlyList<double?> values)
    {
        for (var i = values.Count - 1; i >= 0; i--)
        {
            if (values[i] is not null)
            {
                return i;
            }
        }

        return -1;
    }

    private static double? Peak(IReadOnlyList<double?> values) => values.Where(v => v is not null).DefaultIfEmpty(null).Max();

    private static string F(double? value) => value is { } v ? v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
