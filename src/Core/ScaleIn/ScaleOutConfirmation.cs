using Seamless.Core.Alerts;
using static System.FormattableString;

namespace Seamless.Core.ScaleIn;

/// <summary>
/// The alert fast path's decision. A Fired capacity alert is a delivery, not evidence: the plan's own
/// metrics must show the load (CPU at or above <see cref="PlanAlertRules.CpuHighPercent"/>, the lower
/// line of the deployed CPU rules, or memory / HTTP queue at or above the policy's scale-out lines —
/// the other capacity signals a routed alert may watch) in at least one minute of the window, missing
/// data confirms nothing, and at most <see cref="ScaleInPolicy.ScaleOutMaxPerHour"/> scale-outs happen
/// per plan per hour. Only then is the step of <see cref="ScaleOutRule"/> taken.
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
        string figures = Invariant($"peak CPU {F(cpu)} % (line {PlanAlertRules.CpuHighPercent}), memory {F(memory)} % (line {policy.ScaleOutMemory}), queue {F(queue)}/instance (line {policy.ScaleOutQueuePerInstance}) over the last {Window.TotalMinutes:0} min");
        ScaleOutVerdict Refuse(string reason, string message) =>
            new(ScaleOutOutcome.Refused, reason, message, step with { ToCapacity = context.Capacity, Reason = reason, Message = message }, cpu, memory, queue, recent);

        if (cpu is null && memory is null && queue is null)
        {
            return Refuse(NoData, Invariant($"No scale-out: Azure Monitor has no CPU, memory or queue figure for the plan over the last {Window.TotalMinutes:0} min, so the alert is not confirmed."));
        }

        if (!(cpu >= PlanAlertRules.CpuHighPercent || memory >= policy.ScaleOutMemory || queue >= policy.ScaleOutQueuePerInstance))
        {
            return Refuse(NotConfirmed, Invariant($"No scale-out: the plan's metrics do not confirm the alert ({figures})."));
        }

        if (recent >= policy.ScaleOutMaxPerHour)
        {
            return Refuse(RateLimited, Invariant($"No scale-out: {recent} scale-out(s) of the plan in the last hour, the policy allows {policy.ScaleOutMaxPerHour} (scaleOutMaxPerHour); {figures}."));
        }

        return step.ToCapacity > context.Capacity
            ? new ScaleOutVerdict(ScaleOutOutcome.ScaleOut, step.Reason, Invariant($"{step.Message} Confirmed: {figures}."), step, cpu, memory, queue, recent)
            : new ScaleOutVerdict(ScaleOutOutcome.AtMaximum, step.Reason, step.Message, step, cpu, memory, queue, recent);
    }

    private static double? Peak(IReadOnlyList<double?> values) => values.Where(v => v is not null).DefaultIfEmpty(null).Max();

    private static string F(double? value) => value is { } v ? v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
