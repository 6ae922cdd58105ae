using System.Text.Json.Serialization;
using Seamless.Core.Canary;

namespace Seamless.Core.Upgrade;

/// <summary>
/// The outcome of a gate verdict as an upgrade reports it: one vocabulary for every gate, each gate's own outcome
/// mapped onto it by <see cref="VerdictOutcomes"/>. Written by name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerdictOutcome>))]
public enum VerdictOutcome
{
    /// <summary>The gate passed.</summary>
    Pass,

    /// <summary>The canary judge scored between its marginal and pass thresholds.</summary>
    Marginal,

    /// <summary>The gate failed.</summary>
    Fail,

    /// <summary>Not enough evidence to judge (a canary or guard without data; a build that was not identified).</summary>
    Inconclusive,

    /// <summary>The configuration diff found nothing to report.</summary>
    Ok,

    /// <summary>The configuration diff found differences that do not block.</summary>
    Warn,

    /// <summary>The configuration diff blocks the release.</summary>
    Block,

    /// <summary>Every instance answered warm (the warm-up's own progress).</summary>
    Warm,

    /// <summary>The warm-up is still probing.</summary>
    Waiting,

    /// <summary>The warm-up gave up.</summary>
    Failed,

    /// <summary>Production already serves the requested build.</summary>
    AlreadyServing,
}

/// <summary>Maps each gate's own outcome onto <see cref="VerdictOutcome"/>.</summary>
public static class VerdictOutcomes
{
    /// <summary>A canary or guard judgement.</summary>
    public static VerdictOutcome Of(CanaryOutcome outcome) => outcome switch
    {
        CanaryOutcome.Pass => VerdictOutcome.Pass,
        CanaryOutcome.Marginal => VerdictOutcome.Marginal,
        CanaryOutcome.Fail => VerdictOutcome.Fail,
        _ => VerdictOutcome.Inconclusive,
    };

    /// <summary>The smoke paths.</summary>
    public static VerdictOutcome Of(SmokeOutcome outcome) => outcome == SmokeOutcome.Pass ? VerdictOutcome.Pass : VerdictOutcome.Fail;

    /// <summary>The configuration diff.</summary>
    public static VerdictOutcome Of(ConfigDiffOutcome outcome) => outcome switch
    {
        ConfigDiffOutcome.Ok => VerdictOutcome.Ok,
        ConfigDiffOutcome.Warn => VerdictOutcome.Warn,
        _ => VerdictOutcome.Block,
    };

    /// <summary>The warm-up while it probes (its final verdict is <see cref="Judged(WarmupGateOutcome)"/>).</summary>
    public static VerdictOutcome Of(WarmupGateOutcome outcome) => outcome switch
    {
        WarmupGateOutcome.Warm => VerdictOutcome.Warm,
        WarmupGateOutcome.Waiting => VerdictOutcome.Waiting,
        _ => VerdictOutcome.Failed,
    };

    /// <summary>The warm-up's final verdict: warm passes, anything else fails.</summary>
    public static VerdictOutcome Judged(WarmupGateOutcome outcome) => outcome == WarmupGateOutcome.Warm ? VerdictOutcome.Pass : VerdictOutcome.Fail;

    /// <summary>The build identity: proceed passes, not checked is inconclusive, a mismatch or an unidentified build fails.</summary>
    public static VerdictOutcome Of(BuildIdentityOutcome outcome) => outcome switch
    {
        BuildIdentityOutcome.Proceed => VerdictOutcome.Pass,
        BuildIdentityOutcome.NotChecked => VerdictOutcome.Inconclusive,
        BuildIdentityOutcome.AlreadyServing => VerdictOutcome.AlreadyServing,
        _ => VerdictOutcome.Fail,
    };
}
