namespace Seamless.Core.ScaleIn;

/// <summary>Names of the scale-in rules, in pipeline order (<see cref="InOrder"/>).</summary>
public static class ScaleInRuleNames
{
    /// <summary>An alert or a harmful step has vetoed scale-in.</summary>
    public const string Veto = "veto";

    /// <summary>A release holds the plan's capacity lease.</summary>
    public const string Lease = "lease";

    /// <summary>Some instances are unhealthy.</summary>
    public const string Unhealthy = "unhealthy";

    /// <summary>A capacity signal has gaps in the window.</summary>
    public const string MissingData = "missing-data";

    /// <summary>Maximum of each signal over the window.</summary>
    public const string Stabilisation = "stabilisation";

    /// <summary>HPA-style tolerance: too close to the target to be worth a change.</summary>
    public const string DeadBand = "dead-band";

    /// <summary>Projected utilisation on every capacity signal after removing k instances.</summary>
    public const string Projection = "projection";

    /// <summary>The learned headroom: the instances that keep the overload budget must stay.</summary>
    public const string Headroom = "headroom";

    /// <summary>Policy minimum and the zone-redundancy minimum.</summary>
    public const string Bounds = "bounds";

    /// <summary>Time since the last capacity change by any actor.</summary>
    public const string Cooldown = "cooldown";

    /// <summary>Instances removed per period.</summary>
    public const string RateLimit = "rate-limit";

    /// <summary>The same time yesterday and a week ago must fit in the smaller plan.</summary>
    public const string Seasonal = "seasonal";

    /// <summary>Used as the deciding rule of a scale-in no rule limited.</summary>
    public const string AllPassed = "all-passed";

    /// <summary>Draining the removed instance must not fail requests or lose ARR-affinity sessions.</summary>
    public const string Drain = "drain";

    /// <summary>The rules in the order the evaluator applies them.</summary>
    public static IReadOnlyList<string> InOrder => ScaleInEvaluator.RuleOrder;
}
