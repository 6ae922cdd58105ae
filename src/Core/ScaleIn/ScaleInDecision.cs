using System.Text.Json.Serialization;

namespace Seamless.Core.ScaleIn;

/// <summary>What the evaluator decided.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScaleInAction>))]
public enum ScaleInAction
{
    /// <summary>Keep the capacity.</summary>
    Hold,

    /// <summary>Remove <c>FromCapacity − ToCapacity</c> instances.</summary>
    ScaleIn,
}

/// <summary>A capacity signal the projection rule checks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CapacitySignal>))]
public enum CapacitySignal
{
    /// <summary>Plan CPU %.</summary>
    Cpu,

    /// <summary>Plan memory %.</summary>
    Memory,

    /// <summary>HTTP queue length per instance.</summary>
    HttpQueuePerInstance,

    /// <summary>CPU % of the hottest instance.</summary>
    HottestInstanceCpu,
}

/// <summary>One signal's projection onto the smaller plan.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Current">The latest sample.</param>
/// <param name="Stabilised">The maximum over the window.</param>
/// <param name="Projected">Stabilised × N / (N − k) for the step shown (k = 1 on a hold); null without data.</param>
/// <param name="Limit">The value the projection must stay below.</param>
public sealed record SignalProjection(CapacitySignal Signal, double? Current, double? Stabilised, double? Projected, double Limit);

/// <summary>The decision of <see cref="ScaleInEvaluator"/>, journaled with its inputs.</summary>
/// <param name="Action">Hold or ScaleIn.</param>
/// <param name="FromCapacity">The capacity before.</param>
/// <param name="ToCapacity">The capacity after (equal to <paramref name="FromCapacity"/> on a hold).</param>
/// <param name="DecidingRule">The rule that held, or that bounded the step (<see cref="ScaleInRuleNames.AllPassed"/> when none did).</param>
/// <param name="Reason">The deciding rule's reason code, or <see cref="ScaleInReasons.ScaleIn"/>.</param>
/// <param name="Message">A human sentence.</param>
/// <param name="Projections">Per capacity signal: current, stabilised, projected, limit.</param>
/// <param name="RuleTrail">Every evaluated rule's verdict in order (evaluation stops at the first hold).</param>
/// <param name="NextEligibleAt">The earliest time the time-based rules (veto, cooldown, rate limit) allow a scale-in; Now when they do not stand in the way.</param>
public sealed record ScaleInDecision(
    ScaleInAction Action,
    int FromCapacity,
    int ToCapacity,
    string DecidingRule,
    string Reason,
    string Message,
    IReadOnlyList<SignalProjection> Projections,
    IReadOnlyList<RuleVerdict> RuleTrail,
    DateTimeOffset NextEligibleAt)
{
    /// <summary>Gets the learned headroom the decision saw: the budget, the learned burst and the headroom it implies (null in fixed mode or without history).</summary>
    public Headroom.HeadroomEstimate? Headroom { get; init; }

    /// <summary>
    /// Gets the plan's promise as last told when this decision was journaled (<see cref="Headroom.PromiseWatch.Told"/>: true
    /// kept, false missed, null before any account): the sweep carries it from decision to decision, so a promise is told
    /// missed or kept again once per turn. The evaluator leaves it null; the sweep sets it.
    /// </summary>
    public bool? PromiseKept { get; init; }

    /// <summary>Gets the number of instances removed (0 on a hold).</summary>
    public int Step => FromCapacity - ToCapacity;
}
