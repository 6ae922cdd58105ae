using System.Globalization;

namespace Seamless.Core.Canary;

/// <summary>
/// The canary judge: per metric a Mann-Whitney test plus effect size, metrics scored in weighted groups.
/// </summary>
/// <remarks>
/// Modelled on Kayenta's NetflixACAJudge. Per metric: drop non-finite values, optionally remove Tukey
/// outliers, require a minimum number of samples, then test canary against baseline (one-sided in the
/// harmful direction, two-sided for <see cref="CanaryDirection.Either"/>). A metric fails only when the test
/// is significant, the mean ratio is at least the threshold worse and the means differ by more than the
/// absolute tolerance. Group score = 100 · passed / (passed + failed), over metrics with data; the overall
/// score is the weighted mean of the group scores that have data. With n groups of one metric each and
/// equal weights this is the service-quality model f(x) = (1/n) · Σ fᵢ(x), fᵢ ∈ {0, 1}. Two overrides force
/// the score to 0: a failing critical metric (<see cref="CanaryOutcome.Fail"/>), and no data for half the metrics
/// or more (<see cref="CanaryOutcome.Inconclusive"/>: missing data is not evidence of harm, nor of health — the
/// caller decides, as Argo Rollouts leaves an inconclusive analysis to its rollout).
/// </remarks>
public static class CanaryJudge
{
    /// <summary>Judges a canary against its baseline.</summary>
    /// <param name="config">The judge configuration (validated: an invalid one throws).</param>
    /// <param name="observations">Samples per metric name.</param>
    /// <returns>The verdict with every metric's and group's result.</returns>
    public static CanaryVerdict Evaluate(CanaryJudgeConfig config, CanaryObservations observations)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(observations.Metrics);
        var problem = CanaryJudgeConfigRules.Problems(config).FirstOrDefault();
        if (problem.Path is not null)
        {
            throw new ArgumentException($"Invalid canary judge configuration at '{problem.Path}': {problem.Message}", nameof(config));
        }

        var samplesByName = new Dictionary<string, MetricSamples>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, samples) in observations.Metrics)
        {
            samplesByName[name] = samples;
        }

        var metrics = config.Metrics
            .Select(m => EvaluateMetric(m, samplesByName.GetValueOrDefault(m.Name), config.ConfidenceLevel))
            .ToList();
        var groups = ScoreGroups(config, metrics);

        var failedCritical = metrics.Where(m => m.Critical && m.Outcome == MetricOutcome.Fail).Select(m => m.Name).ToList();
        if (failedCritical.Count > 0)
        {
            return new CanaryVerdict(
                CanaryOutcome.Fail,
                0,
                CanaryReason.CriticalMetricFailed,
                $"Critical metric failed: {string.Join(", ", failedCritical)}; score forced to 0.",
                metrics,
                groups);
        }

        var noData = metrics.Where(m => m.Outcome == MetricOutcome.NoData).Select(m => m.Name).ToList();
        if (noData.Count * 2 >= metrics.Count)
        {
            return new CanaryVerdict(
                CanaryOutcome.Inconclusive,
                0,
                CanaryReason.InsufficientData,
                $"No data for {noData.Count} of {metrics.Count} metrics ({string.Join(", ", noData)}); score forced to 0.",
                metrics,
                groups);
        }

        double score = OverallScore(groups);
        var (outcome, reason) = score >= config.PassThreshold
            ? (CanaryOutcome.Pass, CanaryReason.ScoreAbovePass)
            : score >= config.MarginalThreshold
                ? (CanaryOutcome.Marginal, CanaryReason.ScoreMarginal)
                : (CanaryOutcome.Fail, CanaryReason.ScoreBelowMarginal);
        var failed = metrics.Where(m => m.Outcome == MetricOutcome.Fail).Select(m => m.Name).ToList();
        string failedText = failed.Count == 0 ? "no metric failed" : $"failed: {string.Join(", ", failed)}";
        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"Score {score:0.##} ({outcome}; pass ≥ {config.PassThreshold:0.##}, marginal ≥ {config.MarginalThreshold:0.##}); {failedText}.");
        return new CanaryVerdict(outcome, score, reason, message, metrics, groups);
    }

    private static MetricVerdict EvaluateMetric(CanaryMetricConfig metric, MetricSamples? samples, double confidenceLevel)
    {
        if (samples?.Baseline is null || samples.Canary is null)
        {
            return NoData(metric, MetricReason.MissingSeries, 0, 0, $"{metric.Name}: no series in the observations.");
        }

        var baseline = Clean(samples.Baseline, metric.RemoveOutliers);
        var canary = Clean(samples.Canary, metric.RemoveOutliers);
        if (baseline.Count < metric.MinimumSamples || canary.Count < metric.MinimumSamples)
        {
            return NoData(
                metric,
                MetricReason.TooFewSamples,
                baseline.Count,
                canary.Count,
                Text($"{metric.Name}: {baseline.Count} baseline and {canary.Count} canary samples, at least {metric.MinimumSamples} each needed."));
        }

        double baselineMean = EffectSize.Mean(baseline);
        double canaryMean = EffectSize.Mean(canary);
        double? ratio = EffectSize.MeanRatio(baselineMean, canaryMean);
        var alternative = metric.Direction switch
        {
            CanaryDirection.Increase => MannWhitneyAlternative.Greater,
            CanaryDirection.Decrease => MannWhitneyAlternative.Less,
            _ => MannWhitneyAlternative.TwoSided,
        };
        var test = MannWhitney.Test(canary, baseline, alternative);
        double alpha = 1.0 - confidenceLevel;
        string ratioText = ratio is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) : "undefined (baseline 0)";
        string numbers = Text(
            $"canary mean {canaryMean:G4} vs baseline {baselineMean:G4}, ratio {ratioText}, p = {test.PValue:G3} ({test.Method}, α = {alpha:G3})");

        (MetricOutcome Outcome, MetricReason Reason, string Why) result;
        if (!test.IsSignificantAt(confidenceLevel))
        {
            result = (MetricOutcome.Pass, MetricReason.NotSignificant, $"no significant {DirectionText(metric.Direction)}");
        }
        else if (!IsWorseByThreshold(metric, ratio, canaryMean))
        {
            result = (MetricOutcome.Pass, MetricReason.BelowEffectThreshold, Text($"significant but within the effect threshold {metric.EffectSizeThreshold:0.###}"));
        }
        else if (Math.Abs(canaryMean - baselineMean) <= metric.AbsoluteTolerance)
        {
            result = (MetricOutcome.Pass, MetricReason.WithinAbsoluteTolerance, Text($"significant but the difference is within the absolute tolerance {metric.AbsoluteTolerance:G4}"));
        }
        else
        {
            result = (MetricOutcome.Fail, MetricReason.SignificantDegradation, Text($"significant {DirectionText(metric.Direction)} beyond the effect threshold {metric.EffectSizeThreshold:0.###}"));
        }

        return new MetricVerdict(
            metric.Name,
            metric.Group,
            result.Outcome,
            result.Reason,
            $"{metric.Name}: {result.Why}; {numbers}.",
            metric.Critical,
            metric.Direction,
            baseline.Count,
            canary.Count,
            baselineMean,
            canaryMean,
            ratio,
            test.PValue);
    }

    private static bool IsWorseByThreshold(CanaryMetricConfig metric, double? ratio, double canaryMean)
    {
        // An undefined ratio means the baseline mean is 0 and the canary's is not: infinitely higher.
        bool higher = ratio is { } up ? up >= metric.EffectSizeThreshold : canaryMean > 0;
        bool lower = ratio is { } down ? down <= 1.0 / metric.EffectSizeThreshold : canaryMean < 0;
        return metric.Direction switch
        {
            CanaryDirection.Increase => higher,
            CanaryDirection.Decrease => lower,
            _ => higher || lower,
        };
    }

    private static List<double> Clean(IReadOnlyList<double> values, bool removeOutliers)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return removeOutliers ? OutlierFilter.RemoveTukey(finite).ToList() : finite;
    }

    private static MetricVerdict NoData(CanaryMetricConfig metric, MetricReason reason, int baselineCount, int canaryCount, string message) =>
        new(metric.Name, metric.Group, MetricOutcome.NoData, reason, message, metric.Critical, metric.Direction, baselineCount, canaryCount, null, null, null, null);

    private static List<GroupScore> ScoreGroups(CanaryJudgeConfig config, List<MetricVerdict> metrics)
    {
        var weights = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var g in config.Groups)
        {
            weights[g.Name] = g.Weight;
            order.Add(g.Name);
        }

        foreach (var m in metrics.Where(m => !weights.ContainsKey(m.Group)))
        {
            weights[m.Group] = CanaryGroupConfig.DefaultWeight;
            order.Add(m.Group);
        }

        return order.Select(name =>
        {
            var inGroup = metrics.Where(m => string.Equals(m.Group, name, StringComparison.OrdinalIgnoreCase)).ToList();
            int passed = inGroup.Count(m => m.Outcome == MetricOutcome.Pass);
            int failed = inGroup.Count(m => m.Outcome == MetricOutcome.Fail);
            int noData = inGroup.Count(m => m.Outcome == MetricOutcome.NoData);
            double? score = passed + failed == 0 ? null : 100.0 * passed / (passed + failed);
            return new GroupScore(name, weights[name], score, passed, failed, noData);
        }).ToList();
    }

    private static double OverallScore(List<GroupScore> groups)
    {
        double weighted = 0;
        double totalWeight = 0;
        foreach (var g in groups)
        {
            if (g.Score is { } s)
            {
                weighted += g.Weight * s;
                totalWeight += g.Weight;
            }
        }

        double score = totalWeight == 0 ? 0 : weighted / totalWeight;
        return Math.Clamp(Math.Round(score, 2, MidpointRounding.AwayFromZero), 0, 100);
    }

    private static string DirectionText(CanaryDirection direction) => direction switch
    {
        CanaryDirection.Increase => "increase",
        CanaryDirection.Decrease => "decrease",
        _ => "change",
    };

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
