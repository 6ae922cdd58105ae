using System.Text.Json.Serialization;

namespace Seamless.Core.Canary;

/// <summary>Outcome of one metric.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricOutcome>))]
public enum MetricOutcome
{
    /// <summary>No harmful difference shown.</summary>
    Pass,

    /// <summary>Significantly and materially worse.</summary>
    Fail,

    /// <summary>Not enough samples to judge.</summary>
    NoData,
}

/// <summary>Why a metric got its outcome.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricReason>))]
public enum MetricReason
{
    /// <summary>Pass: the test found no significant difference in the harmful direction.</summary>
    NotSignificant,

    /// <summary>Pass: significant, but the mean ratio is within the effect size threshold.</summary>
    BelowEffectThreshold,

    /// <summary>Pass: significant and large in ratio, but the means differ by no more than the absolute tolerance.</summary>
    WithinAbsoluteTolerance,

    /// <summary>Fail: significant, beyond the effect size threshold and the absolute tolerance.</summary>
    SignificantDegradation,

    /// <summary>No data: the observations hold no series for the metric.</summary>
    MissingSeries,

    /// <summary>No data: fewer samples than the minimum on one side.</summary>
    TooFewSamples,
}

/// <summary>Outcome of a canary judgement.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CanaryOutcome>))]
public enum CanaryOutcome
{
    /// <summary>Score at or above the pass threshold.</summary>
    Pass,

    /// <summary>Score at or above the marginal threshold.</summary>
    Marginal,

    /// <summary>Score below the marginal threshold, or forced to 0 by a failing critical metric.</summary>
    Fail,

    /// <summary>
    /// Not enough data to judge (half the metrics or more without samples): neither a pass nor evidence of harm.
    /// What it leads to is the caller's policy — a canary step fails closed, the guard window keeps watching and,
    /// when the window ends without evidence, acts per <c>UpgradePolicy.GuardWithoutEvidence</c>.
    /// </summary>
    Inconclusive,
}

/// <summary>Why a canary judgement got its outcome.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CanaryReason>))]
public enum CanaryReason
{
    /// <summary>The score reached the pass threshold.</summary>
    ScoreAbovePass,

    /// <summary>The score reached the marginal threshold only.</summary>
    ScoreMarginal,

    /// <summary>The score is below the marginal threshold.</summary>
    ScoreBelowMarginal,

    /// <summary>A critical metric failed: score forced to 0.</summary>
    CriticalMetricFailed,

    /// <summary>Half the metrics or more had no data: the outcome is <see cref="CanaryOutcome.Inconclusive"/>, score 0.</summary>
    InsufficientData,
}

/// <summary>The judgement of one metric.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Group">The metric's group.</param>
/// <param name="Outcome">Pass, Fail or NoData.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Message">A human explanation with the numbers.</param>
/// <param name="Critical">Whether the metric is critical.</param>
/// <param name="Direction">The harmful direction.</param>
/// <param name="BaselineCount">Baseline samples used (after cleaning).</param>
/// <param name="CanaryCount">Canary samples used (after cleaning).</param>
/// <param name="BaselineMean">The baseline mean, when there was data.</param>
/// <param name="CanaryMean">The canary mean, when there was data.</param>
/// <param name="EffectSize">Canary mean / baseline mean; null without data or when the baseline mean is 0 and the canary's is not.</param>
/// <param name="PValue">The p-value of the test, when it ran.</param>
public sealed record MetricVerdict(
    string Name,
    string Group,
    MetricOutcome Outcome,
    MetricReason Reason,
    string Message,
    bool Critical,
    CanaryDirection Direction,
    int BaselineCount,
    int CanaryCount,
    double? BaselineMean,
    double? CanaryMean,
    double? EffectSize,
    double? PValue);

/// <summary>The score of one group.</summary>
/// <param name="Name">The group name.</param>
/// <param name="Weight">The group's weight.</param>
/// <param name="Score">100 · passed / (passed + failed); null when no metric of the group had data (it then does not count).</param>
/// <param name="Passed">Metrics that passed.</param>
/// <param name="Failed">Metrics that failed.</param>
/// <param name="NoData">Metrics without data.</param>
public sealed record GroupScore(string Name, double Weight, double? Score, int Passed, int Failed, int NoData);

/// <summary>The verdict of the canary judge.</summary>
/// <param name="Outcome">Pass, Marginal, Fail, or Inconclusive when there was not enough data.</param>
/// <param name="Score">The overall score, 0-100, rounded to 2 decimals (0 when inconclusive).</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Message">A human explanation.</param>
/// <param name="Metrics">The verdict of every configured metric, in configuration order.</param>
/// <param name="Groups">The score of every group.</param>
public sealed record CanaryVerdict(
    CanaryOutcome Outcome,
    double Score,
    CanaryReason Reason,
    string Message,
    IReadOnlyList<MetricVerdict> Metrics,
    IReadOnlyList<GroupScore> Groups);
