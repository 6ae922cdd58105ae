using static System.FormattableString;

namespace Seamless.Core.ScaleIn;

/// <summary>The target of an alert-driven scale-out.</summary>
/// <param name="FromCapacity">The capacity before.</param>
/// <param name="ToCapacity">The target capacity (equal to <paramref name="FromCapacity"/> at the cap).</param>
/// <param name="Cap">The cap applied: the smaller of the policy maximum and the plan's MaxWorkers.</param>
/// <param name="Reason">A stable reason code: <c>ScaleOut</c>, <c>CappedScaleOut</c>, <c>SizedScaleOut</c>, <c>AskedScaleOut</c>, <c>AtMaximum</c>, <c>OrderCovers</c>, or a refusal of <see cref="ScaleOutConfirmation"/> (<c>NoData</c>, <c>NotConfirmed</c>, <c>RateLimited</c>).</param>
/// <param name="Message">A human sentence.</param>
public sealed record ScaleOutDecision(int FromCapacity, int ToCapacity, int Cap, string Reason, string Message)
{
    /// <summary>Gets the number of instances added.</summary>
    public int Step => ToCapacity - FromCapacity;
}

/// <summary>The alert fast path's step as data (what <see cref="ScaleOutRule.Compute"/> applies), for a caller that knows the capacity to step from only later.</summary>
/// <param name="Percent">Growth per step, percent of the capacity (<see cref="ScaleInPolicy.ScaleOutPercent"/>).</param>
/// <param name="MinStep">Fewest instances a step adds (<see cref="ScaleInPolicy.ScaleOutMinStep"/>).</param>
/// <param name="Cap">The smaller of the policy maximum and the plan's MaxWorkers.</param>
public sealed record ScaleOutStep(double Percent, int MinStep, int Cap)
{
    /// <summary>The step of a policy on a plan.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="maxWorkers">The plan's maximumNumberOfWorkers; 0 or less when unknown (policy max only).</param>
    /// <returns>The step.</returns>
    public static ScaleOutStep For(ScaleInPolicy policy, int maxWorkers)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new ScaleOutStep(policy.ScaleOutPercent, policy.ScaleOutMinStep, maxWorkers > 0 ? Math.Min(policy.Max, maxWorkers) : policy.Max);
    }

    /// <summary>Instances one step adds to a capacity, before the cap: max(MinStep, ⌈Percent % of capacity⌉).</summary>
    /// <param name="capacity">The capacity stepped from.</param>
    /// <returns>The instances added.</returns>
    public int StepAt(int capacity) => Math.Max(MinStep, (int)Math.Ceiling(capacity * Percent / 100));

    /// <summary>The capacity one step from <paramref name="capacity"/> reaches: capped, and never below the capacity itself.</summary>
    /// <param name="capacity">The capacity stepped from.</param>
    /// <returns>The target.</returns>
    public int From(int capacity) => capacity >= Cap ? capacity : Math.Min(capacity + StepAt(capacity), Cap);
}

/// <summary>
/// The alert fast path's bounded scale-out: grow by max(<see cref="ScaleInPolicy.ScaleOutMinStep"/>,
/// ceil(<see cref="ScaleInPolicy.ScaleOutPercent"/> % of capacity)) — +1 on small plans, +25 % on
/// large ones, so the relief is proportional without doubling a plan on one alert — capped at the
/// policy maximum and the plan's MaxWorkers. A plan already above the cap is left as it is.
/// </summary>
public static class ScaleOutRule
{
    /// <summary>Reason: scaled out by the full step.</summary>
    public const string ScaleOut = "ScaleOut";

    /// <summary>Reason: the step was cut by the cap.</summary>
    public const string CappedScaleOut = "CappedScaleOut";

    /// <summary>Reason: already at (or above) the cap.</summary>
    public const string AtMaximum = "AtMaximum";

    /// <summary>Reason: the step was sized to the demand the plan's CPU shows, with the learned headroom (smaller than the full step).</summary>
    public const string SizedScaleOut = "SizedScaleOut";

    /// <summary>
    /// Reason: no step. The instances ordered, some of them still starting, carry what the latest minute's CPU shows with
    /// the learned headroom (<see cref="SizeToDemand"/>).
    /// </summary>
    public const string OrderCovers = "OrderCovers";

    /// <summary>Reason: the step was sized to what the saturated latest minute asked for (larger than the full step).</summary>
    public const string AskedScaleOut = "AskedScaleOut";

    /// <summary>
    /// Plan CPU % at or above which a minute counts as saturated: CPU cannot read higher than 100 %, so at this line the
    /// demand may be any amount above what the CPU shows.
    /// </summary>
    public const double SaturatedCpuPercent = 99;

    /// <summary>Computes the scale-out target.</summary>
    /// <param name="capacity">Current capacity.</param>
    /// <param name="maxWorkers">The plan's maximumNumberOfWorkers; 0 or less when unknown (policy max only).</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The target with its reason.</returns>
    public static ScaleOutDecision Compute(int capacity, int maxWorkers, ScaleInPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);

        var rule = ScaleOutStep.For(policy, maxWorkers);
        var cap = rule.Cap;
        var step = rule.StepAt(capacity);
        if (capacity >= cap)
        {
            return new ScaleOutDecision(capacity, capacity, cap, AtMaximum, Invariant($"{capacity} instance(s) is at or above the cap of {cap}; no scale-out."));
        }

        var to = rule.From(capacity);
        return to < capacity + step
            ? new ScaleOutDecision(capacity, to, cap, CappedScaleOut, Invariant($"Scale out {capacity} → {to} (step {step} capped at {cap})."))
            : new ScaleOutDecision(capacity, to, cap, ScaleOut, Invariant($"Scale out {capacity} → {to} (+{step})."));
    }

    /// <summary>
    /// Sizes an alert's step to the demand when the plan's metrics show it: in a minute the plan is not saturated (CPU
    /// below <see cref="SaturatedCpuPercent"/>, no HTTP queue) the busy instances (CPU × the instances serving / 100) are
    /// the demand, and the learned headroom says how many instances carry it: ⌈busy × multiplier⌉, at least
    /// <see cref="ScaleInPolicy.ScaleOutMinStep"/> more than now, never more than the full step. A plan the learned
    /// headroom sized to run at 95 % CPU (×1.05) that reads 96 % needs one more instance, not 25 % more. The plan CPU is
    /// the mean over the instances that serve: while instances ordered earlier still start, the capacity counts them but
    /// the CPU does not, and when what is ordered already carries the busy instances with the headroom the alert adds
    /// nothing (<see cref="OrderCovers"/>; on worldcup98 a CPU alert read 87 % on the 21 serving as 87 % of the 27
    /// ordered and took the plan to 30 for 18.6 busy). When the latest minute is saturated or unknown the demand is hidden
    /// and the full step stands.
    /// </summary>
    /// <param name="step">The full step (<see cref="Compute"/>).</param>
    /// <param name="latestCpu">Plan CPU % of the latest minute with data; null when none.</param>
    /// <param name="latestQueuePerInstance">HTTP queue per instance of the same minute; null when unknown.</param>
    /// <param name="multiplier">The learned headroom's multiplier (instances kept per busy instance, at least 1).</param>
    /// <param name="policy">The policy (minimum step).</param>
    /// <param name="serving">The instances serving in that minute (<see cref="ScaleOutContext.Serving"/>); null when unknown (the capacity then).</param>
    /// <returns>The sized step (no larger than the capacity when the order covers the demand), or <paramref name="step"/> when it stands.</returns>
    public static ScaleOutDecision SizeToDemand(ScaleOutDecision step, double? latestCpu, double? latestQueuePerInstance, double multiplier, ScaleInPolicy policy, int? serving = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(policy);
        if (step.ToCapacity <= step.FromCapacity
            || latestCpu is not { } cpu || !double.IsFinite(cpu) || cpu >= SaturatedCpuPercent
            || latestQueuePerInstance is > 0
            || !double.IsFinite(multiplier) || multiplier < 1)
        {
            return step;
        }

        var reporting = serving is { } n && n > 0 && n < step.FromCapacity ? n : step.FromCapacity;
        var busy = Math.Max(0, cpu) / 100 * reporting;
        var wanted = Headroom.HeadroomLearner.Instances(busy, multiplier);
        if (reporting < step.FromCapacity && wanted <= step.FromCapacity)
        {
            return step with
            {
                ToCapacity = step.FromCapacity,
                Reason = OrderCovers,
                Message = Invariant($"No scale-out: the latest minute is not saturated (CPU {cpu:0.#} % on the {reporting} instance(s) serving), its {busy:0.##} busy instance(s) need {wanted} with the learned headroom ×{multiplier:0.###}, and {step.FromCapacity} are ordered ({step.FromCapacity - reporting} still starting)."),
            };
        }

        var to = Math.Max(step.FromCapacity + policy.ScaleOutMinStep, wanted);
        return to >= step.ToCapacity
            ? step
            : step with
            {
                ToCapacity = to,
                Reason = SizedScaleOut,
                Message = Invariant($"Scale out {step.FromCapacity} → {to} (+{to - step.FromCapacity}): the latest minute is not saturated (CPU {cpu:0.#} %), its {busy:0.##} busy instance(s) need {wanted} with the learned headroom ×{multiplier:0.###}; the full step would be {step.ToCapacity}."),
            };
    }

    /// <summary>
    /// Sizes an alert's step to what the latest minute asked for when it was saturated and the plan's sites turned
    /// requests away: the CPU of a plan at its limit reads 100 % whatever the demand, so the full step may be far too
    /// small (a tenfold burst would take several alerts and sweeps to reach). The step grows to ⌈asked × the learned
    /// headroom⌉ busy instances when that is more than the full step, never past the cap: what was asked is a level known
    /// now, and it gets the headroom any known level gets (ordered bare, the order began to serve at full CPU and a spike
    /// just above the plan's size overloaded that minute too).
    /// </summary>
    /// <param name="step">The step so far (<see cref="Compute"/>).</param>
    /// <param name="latestAsked">Busy instances the latest saturated minute asked for (<see cref="ScaleOutContext.LatestAsked"/>); null when unknown.</param>
    /// <param name="multiplier">The learned headroom multiplier (<see cref="ScaleOutContext.LearnedMultiplier"/>); 1 without one.</param>
    /// <returns>The grown step, or <paramref name="step"/> when it already carries that much or cannot grow.</returns>
    public static ScaleOutDecision SizeToAsked(ScaleOutDecision step, double? latestAsked, double multiplier = 1)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (latestAsked is not { } asked || !double.IsFinite(asked) || step.ToCapacity <= step.FromCapacity)
        {
            return step;
        }

        var headroom = double.IsFinite(multiplier) && multiplier > 1 ? multiplier : 1;
        var wanted = Headroom.HeadroomLearner.Instances(asked, headroom);
        var to = Math.Min(step.Cap, wanted);
        return to <= step.ToCapacity
            ? step
            : step with
            {
                ToCapacity = to,
                Reason = AskedScaleOut,
                Message = Invariant($"Scale out {step.FromCapacity} → {to} (+{to - step.FromCapacity}): the latest minute was saturated and its sites turned requests away; it asked for {asked:0.##} busy instance(s){(headroom > 1 ? Invariant($", {wanted} with the learned headroom ×{headroom:0.###}") : string.Empty)}{(to < wanted ? Invariant($", capped at {step.Cap}") : string.Empty)}, more than the full step to {step.ToCapacity}."),
            };
    }
}
