using System.Text.Json.Serialization;

namespace Seamless.Core.Canary;

/// <summary>The direction in which a change of a metric hurts users.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CanaryDirection>))]
public enum CanaryDirection
{
    /// <summary>Higher is worse (error rate, latency).</summary>
    Increase,

    /// <summary>Lower is worse (throughput, success rate).</summary>
    Decrease,

    /// <summary>Any change is suspect.</summary>
    Either,
}

/// <summary>How one metric is judged.</summary>
/// <remarks>
/// A metric fails only when the Mann-Whitney test is significant in the harmful direction AND the mean ratio is
/// at least <see cref="EffectSizeThreshold"/> worse (ratio ≥ t for increases, ≤ 1/t for decreases) AND the
/// means differ by more than <see cref="AbsoluteTolerance"/>. The tolerance is the absolute floor: it keeps
/// 0 → 0.0002 (a ratio of infinity) from failing an error-rate metric.
/// </remarks>
public sealed record CanaryMetricConfig
{
    /// <summary>Default effect size threshold: 20 % worse.</summary>
    public const double DefaultEffectSizeThreshold = 1.2;

    /// <summary>Default minimum number of samples on each side.</summary>
    public const int DefaultMinimumSamples = 3;

    /// <summary>Gets the metric name (the key in <see cref="CanaryObservations.Metrics"/>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the group the metric scores in.</summary>
    public required string Group { get; init; }

    /// <summary>Gets the harmful direction.</summary>
    public CanaryDirection Direction { get; init; } = CanaryDirection.Increase;

    /// <summary>Gets a value indicating whether a failure of this metric forces the score to 0.</summary>
    public bool Critical { get; init; }

    /// <summary>Gets the mean ratio that counts as worse, ≥ 1 (1.2 = 20 % worse).</summary>
    public double EffectSizeThreshold { get; init; } = DefaultEffectSizeThreshold;

    /// <summary>Gets the absolute difference of means below which the metric never fails, in the metric's unit.</summary>
    public double AbsoluteTolerance { get; init; }

    /// <summary>Gets the minimum number of samples on each side (after outlier removal); fewer ⇒ no data.</summary>
    public int MinimumSamples { get; init; } = DefaultMinimumSamples;

    /// <summary>Gets a value indicating whether Tukey outliers (k = 3) are removed from both samples first.</summary>
    public bool RemoveOutliers { get; init; }
}

/// <summary>A metric group and its weight in the overall score.</summary>
/// <param name="Name">The group name.</param>
/// <param name="Weight">The relative weight (&gt; 0); weights need not sum to 100, they are normalised.</param>
public sealed record CanaryGroupConfig(string Name, double Weight = CanaryGroupConfig.DefaultWeight)
{
    /// <summary>Weight of a group that is not declared.</summary>
    public const double DefaultWeight = 1.0;
}

/// <summary>Configuration of the canary judge.</summary>
public sealed record CanaryJudgeConfig
{
    /// <summary>Default confidence level of the tests.</summary>
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>Default score at or above which the verdict is Pass.</summary>
    public const double DefaultPassThreshold = 75;

    /// <summary>Default score at or above which the verdict is Marginal.</summary>
    public const double DefaultMarginalThreshold = 50;

    /// <summary>Metric name of the per-minute 5xx rate: Http5xx / Requests (a fraction, 0-1).</summary>
    public const string Http5xxRateMetric = "Http5xxRate";

    /// <summary>Metric name of the per-minute average response time in seconds.</summary>
    public const string HttpResponseTimeMetric = "HttpResponseTime";

    /// <summary>Group of error metrics.</summary>
    public const string ErrorsGroup = "errors";

    /// <summary>Group of latency metrics.</summary>
    public const string LatencyGroup = "latency";

    /// <summary>Effect size threshold of the 5xx rate: 50 % worse.</summary>
    public const double Http5xxRateEffectSizeThreshold = 1.5;

    /// <summary>
    /// Absolute floor of the 5xx rate: 0.001 = 0.1 percentage point, the whole error budget of a 99.9 % SLO.
    /// A canary going from 0 to a few stray errors per ten thousand requests does not fail.
    /// </summary>
    public const double Http5xxRateAbsoluteTolerance = 0.001;

    /// <summary>Effect size threshold of the response time: 20 % slower.</summary>
    public const double HttpResponseTimeEffectSizeThreshold = 1.2;

    /// <summary>Absolute floor of the response time in seconds: 50 ms, below what users notice.</summary>
    public const double HttpResponseTimeAbsoluteTolerance = 0.05;

    /// <summary>Gets the metrics judged.</summary>
    public required IReadOnlyList<CanaryMetricConfig> Metrics { get; init; }

    /// <summary>Gets the group weights; a group used by a metric but not listed weighs <see cref="CanaryGroupConfig.DefaultWeight"/>.</summary>
    public IReadOnlyList<CanaryGroupConfig> Groups { get; init; } = [];

    /// <summary>Gets the confidence level of the tests, in (0, 1); significance means p ≤ 1 − level.</summary>
    public double ConfidenceLevel { get; init; } = DefaultConfidenceLevel;

    /// <summary>Gets the score (0-100) at or above which the verdict is Pass.</summary>
    public double PassThreshold { get; init; } = DefaultPassThreshold;

    /// <summary>Gets the score (0-100) at or above which the verdict is Marginal.</summary>
    public double MarginalThreshold { get; init; } = DefaultMarginalThreshold;

    /// <summary>
    /// Gets the default for App Service, on Azure Monitor per-minute site metrics: the 5xx rate (critical,
    /// increase, 1.5×, floor 0.1 pp) in group "errors" and the average response time (increase, 1.2×, floor
    /// 50 ms) in group "latency", equal weights. A request-share metric is left out: routing sets it, so it
    /// says nothing about the build.
    /// </summary>
    public static CanaryJudgeConfig Default { get; } = new()
    {
        Metrics =
        [
            new CanaryMetricConfig
            {
                Name = Http5xxRateMetric,
                Group = ErrorsGroup,
                Direction = CanaryDirection.Increase,
                Critical = true,
                EffectSizeThreshold = Http5xxRateEffectSizeThreshold,
                AbsoluteTolerance = Http5xxRateAbsoluteTolerance,
            },
            new CanaryMetricConfig
            {
                Name = HttpResponseTimeMetric,
                Group = LatencyGroup,
                Direction = CanaryDirection.Increase,
                EffectSizeThreshold = HttpResponseTimeEffectSizeThreshold,
                AbsoluteTolerance = HttpResponseTimeAbsoluteTolerance,
            },
        ],
        Groups = [new CanaryGroupConfig(ErrorsGroup), new CanaryGroupConfig(LatencyGroup)],
    };
}
