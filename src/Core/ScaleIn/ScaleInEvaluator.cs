using static System.FormattableString;

namespace Seamless.Core.ScaleIn;

/// <summary>
/// The pure scale-in decision: an ordered pipeline of small rules (<see cref="ScaleInRuleNames.InOrder"/>),
/// HPA style. The candidate step starts at <see cref="ScaleInPolicy.MaxStep"/>; each rule passes it,
/// cuts it, or holds. The first hold decides and ends the evaluation; otherwise the plan scales in by
/// the step every rule allowed — the largest k ≤ MaxStep that passes every rule.
/// </summary>
public static class ScaleInEvaluator
{
    private delegate RuleResult Rule(ScaleInContext context, ScaleInPolicy policy, StabilisedSignals signals, int step);

    // The one place the rule order is written: the names (ScaleInRuleNames.InOrder) are read from it.
    private static readonly (string Name, Rule Apply)[] Pipeline =
    [
        (ScaleInRuleNames.Veto, ScaleInRules.Veto),
        (ScaleInRuleNames.Lease, ScaleInRules.Lease),
        (ScaleInRuleNames.Unhealthy, ScaleInRules.Unhealthy),
        (ScaleInRuleNames.MissingData, ScaleInRules.MissingData),
        (ScaleInRuleNames.Stabilisation, ScaleInRules.Stabilisation),
        (ScaleInRuleNames.DeadBand, ScaleInRules.DeadBand),
        (ScaleInRuleNames.Projection, ScaleInRules.Projection),
        (ScaleInRuleNames.Headroom, ScaleInRules.Headroom),
        (ScaleInRuleNames.Drain, DrainRule.Evaluate),
        (ScaleInRuleNames.Bounds, ScaleInRules.Bounds),
        (ScaleInRuleNames.Cooldown, ScaleInRules.Cooldown),
        (ScaleInRuleNames.RateLimit, ScaleInRules.RateLimit),
        (ScaleInRuleNames.Seasonal, ScaleInRules.Seasonal),
    ];

    /// <summary>Gets the rule names in the order the pipeline applies them.</summary>
    public static IReadOnlyList<string> RuleOrder { get; } = [.. Pipeline.Select(r => r.Name)];

    /// <summary>Decides whether to scale the plan in now, and by how many instances.</summary>
    /// <param name="context">What is known about the plan.</param>
    /// <param name="policy">The policy (validated; see <see cref="ScaleInPolicy.Validate"/>).</param>
    /// <returns>The decision with its deciding rule, projections and the trail of verdicts.</returns>
    public static ScaleInDecision Evaluate(ScaleInContext context, ScaleInPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context.Samples);
        ArgumentOutOfRangeException.ThrowIfNegative(context.Capacity);

        var signals = StabilisedSignals.From(context, policy.WindowMinutes);
        var step = Math.Min(policy.MaxStep, Math.Max(0, context.Capacity - 1));
        var trail = new List<RuleVerdict>(Pipeline.Length);
        var boundingRule = ScaleInRuleNames.AllPassed;

        foreach (var (_, rule) in Pipeline)
        {
            var result = rule(context, policy, signals, step);
            trail.Add(result.Verdict);
            if (result.Verdict.Outcome == RuleOutcome.Hold)
            {
                return new ScaleInDecision(
                    ScaleInAction.Hold,
                    context.Capacity,
                    context.Capacity,
                    result.Verdict.Rule,
                    result.Verdict.Reason,
                    Invariant($"Hold at {context.Capacity}: {result.Verdict.Message}"),
                    Projections(context, policy, signals, 1),
                    trail,
                    NextEligibleAt(context, policy, 0)) { Headroom = context.Headroom };
            }

            if (result.Verdict.Outcome == RuleOutcome.Limit)
            {
                boundingRule = result.Verdict.Rule;
            }

            step = result.Step;
        }

        var to = context.Capacity - step;
        return new ScaleInDecision(
            ScaleInAction.ScaleIn,
            context.Capacity,
            to,
            boundingRule,
            ScaleInReasons.ScaleIn,
            Invariant($"Scale in {context.Capacity} → {to}: every capacity signal stays below its limit on {to} instance(s) and no rule objects."),
            Projections(context, policy, signals, step),
            trail,
            NextEligibleAt(context, policy, step)) { Headroom = context.Headroom };
    }

    private static List<SignalProjection> Projections(ScaleInContext context, ScaleInPolicy policy, StabilisedSignals signals, int k) =>
        signals.Each(policy)
            .Select(x => new SignalProjection(x.Signal, x.Latest, x.Stabilised, ScaleInRules.Project(x.Stabilised, context.Capacity, k), x.Limit))
            .ToList();

    /// <summary>
    /// The earliest time veto, cooldown and rate limit allow a scale-in. After a scale-in (step &gt; 0) the
    /// step itself counts as a capacity change and as removed instances.
    /// </summary>
    private static DateTimeOffset NextEligibleAt(ScaleInContext context, ScaleInPolicy policy, int step)
    {
        var now = context.Now;
        var next = now;

        if (context.VetoActive && context.VetoUntil is { } until && until > next)
        {
            next = until;
        }

        var lastChange = step > 0 ? now : context.LastCapacityChangeAt;
        if (lastChange is { } changed && changed + policy.Cooldown > next)
        {
            next = changed + policy.Cooldown;
        }

        var records = context.RecentScaleIns
            .Where(r => r.At > now - policy.RateLimitPeriod && r.At <= now)
            .Append(new ScaleInRecord(now, step))
            .Where(r => r.Instances > 0)
            .OrderBy(r => r.At)
            .ToList();
        var used = records.Sum(r => r.Instances);
        foreach (var record in records)
        {
            if (used < policy.RateLimitInstances)
            {
                break;
            }

            used -= record.Instances;
            var freed = record.At + policy.RateLimitPeriod;
            if (freed > next)
            {
                next = freed;
            }
        }

        return next;
    }
}
