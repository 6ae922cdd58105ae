using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Seamless.Core.Canary;

namespace Seamless.Core.Tests.Canary;

public sealed class CanaryJudgeTests
{
    private static readonly double[] Baseline = [100, 102, 98, 101, 99, 103, 97, 100, 101, 99];

    public static TheoryData<string, CanaryMetricConfig, MetricSamples?, MetricOutcome, MetricReason> MetricCases => new()
    {
        { "no series", Metric(), null, MetricOutcome.NoData, MetricReason.MissingSeries },
        { "too few canary samples", Metric(), Samples(Baseline, [100, 101]), MetricOutcome.NoData, MetricReason.TooFewSamples },
        { "non-finite values do not count as samples", Metric(), Samples(Baseline, [100, double.NaN, double.PositiveInfinity]), MetricOutcome.NoData, MetricReason.TooFewSamples },
        { "same distribution", Metric(), Samples(Baseline, Baseline), MetricOutcome.Pass, MetricReason.NotSignificant },
        { "increase metric improved", Metric(), Samples(Baseline, Scale(Baseline, 0.5)), MetricOutcome.Pass, MetricReason.NotSignificant },
        { "significant but 10 % < 20 % threshold", Metric(), Samples(Baseline, Scale(Baseline, 1.1)), MetricOutcome.Pass, MetricReason.BelowEffectThreshold },
        { "doubled but within absolute tolerance", Metric() with { AbsoluteTolerance = 150 }, Samples(Baseline, Scale(Baseline, 2)), MetricOutcome.Pass, MetricReason.WithinAbsoluteTolerance },
        { "doubled", Metric(), Samples(Baseline, Scale(Baseline, 2)), MetricOutcome.Fail, MetricReason.SignificantDegradation },
        { "error rate 0 to 0.0005: floor keeps it passing", ErrorRate(), Samples(Zeros(10), Constant(10, 0.0005)), MetricOutcome.Pass, MetricReason.WithinAbsoluteTolerance },
        { "error rate 0 to 5 %: undefined ratio fails", ErrorRate(), Samples(Zeros(10), Constant(10, 0.05)), MetricOutcome.Fail, MetricReason.SignificantDegradation },
        { "decrease metric halved", Metric() with { Direction = CanaryDirection.Decrease }, Samples(Baseline, Scale(Baseline, 0.5)), MetricOutcome.Fail, MetricReason.SignificantDegradation },
        { "decrease metric doubled is harmless", Metric() with { Direction = CanaryDirection.Decrease }, Samples(Baseline, Scale(Baseline, 2)), MetricOutcome.Pass, MetricReason.NotSignificant },
        { "either metric halved", Metric() with { Direction = CanaryDirection.Either }, Samples(Baseline, Scale(Baseline, 0.5)), MetricOutcome.Fail, MetricReason.SignificantDegradation },
        { "either metric doubled", Metric() with { Direction = CanaryDirection.Either }, Samples(Baseline, Scale(Baseline, 2)), MetricOutcome.Fail, MetricReason.SignificantDegradation },
        { "either metric 10 % up", Metric() with { Direction = CanaryDirection.Either }, Samples(Baseline, Scale(Baseline, 1.1)), MetricOutcome.Pass, MetricReason.BelowEffectThreshold },
    };

    [Theory]
    [MemberData(nameof(MetricCases))]
    public void Evaluate_Metric_GetsOutcomeAndReason(string name, CanaryMetricConfig metric, MetricSamples? samples, MetricOutcome outcome, MetricReason reason)
    {
        var config = new CanaryJudgeConfig { Metrics = [metric, Metric("other")] };
        var observations = samples is null ? Observe() : Observe((metric.Name, samples));

        var verdict = CanaryJudge.Evaluate(config, observations).Metrics[0];

        verdict.Outcome.ShouldBe(outcome, name);
        verdict.Reason.ShouldBe(reason, name);
        verdict.Message.ShouldStartWith(metric.Name, customMessage: name);
    }

    [Fact]
    public void Evaluate_SignificantMetric_MessageCarriesPValueAndEffectSize()
    {
        var config = new CanaryJudgeConfig { Metrics = [Metric()] };

        var verdict = CanaryJudge.Evaluate(config, Observe(("m", Samples(Baseline, Scale(Baseline, 2))))).Metrics[0];

        verdict.EffectSize.ShouldNotBeNull().ShouldBe(2, 1e-9);
        verdict.PValue.ShouldNotBeNull().ShouldBeLessThan(0.05);
        verdict.Message.ShouldContain("ratio 2");
        verdict.Message.ShouldContain("p = ");
    }

    [Fact]
    public void Evaluate_RemoveOutliers_DropsFarOutSamplesBeforeTesting()
    {
        var config = new CanaryJudgeConfig { Metrics = [Metric() with { RemoveOutliers = true }] };
        double[] canary = [.. Baseline[..9], 10_000];

        var verdict = CanaryJudge.Evaluate(config, Observe(("m", Samples(Baseline, canary)))).Metrics[0];

        verdict.CanaryCount.ShouldBe(9);
        verdict.Outcome.ShouldBe(MetricOutcome.Pass);
    }

    [Fact]
    public void Evaluate_MetricNames_MatchCaseInsensitively()
    {
        var config = new CanaryJudgeConfig { Metrics = [Metric("Http5xxRate")] };

        var verdict = CanaryJudge.Evaluate(config, Observe(("http5xxrate", Samples(Baseline, Baseline))));

        verdict.Metrics[0].Outcome.ShouldBe(MetricOutcome.Pass);
    }

    // Four metrics, four groups, equal weights; "F" = failing data, "P" = passing data, "-" = no data, "C" = critical failing.
    [Theory]
    [InlineData("all pass", "PPPP", CanaryOutcome.Pass, CanaryReason.ScoreAbovePass, 100)]
    [InlineData("one of four fails: 75 = pass threshold", "FPPP", CanaryOutcome.Pass, CanaryReason.ScoreAbovePass, 75)]
    [InlineData("two of four fail: 50 = marginal threshold", "FFPP", CanaryOutcome.Marginal, CanaryReason.ScoreMarginal, 50)]
    [InlineData("three of four fail", "FFFP", CanaryOutcome.Fail, CanaryReason.ScoreBelowMarginal, 25)]
    [InlineData("critical failure forces 0", "CPPP", CanaryOutcome.Fail, CanaryReason.CriticalMetricFailed, 0)]
    [InlineData("critical failure wins over missing data", "C--P", CanaryOutcome.Fail, CanaryReason.CriticalMetricFailed, 0)]
    [InlineData("half the metrics without data: inconclusive, score 0", "--PP", CanaryOutcome.Inconclusive, CanaryReason.InsufficientData, 0)]
    [InlineData("no metric with data: inconclusive, score 0", "----", CanaryOutcome.Inconclusive, CanaryReason.InsufficientData, 0)]
    [InlineData("one of four without data: its group does not count", "-PPF", CanaryOutcome.Marginal, CanaryReason.ScoreMarginal, 66.67)]
    public void Evaluate_Scenario_ScoresAndClassifies(string name, string pattern, CanaryOutcome outcome, CanaryReason reason, double score)
    {
        var (config, observations) = Scenario(pattern);

        var verdict = CanaryJudge.Evaluate(config, observations);

        verdict.Outcome.ShouldBe(outcome, name);
        verdict.Reason.ShouldBe(reason, name);
        verdict.Score.ShouldBe(score, 1e-9, name);
        verdict.Metrics.Count.ShouldBe(4, name);
        verdict.Groups.Count.ShouldBe(4, name);
    }

    [Fact]
    public void Evaluate_CriticalFailure_MessageNamesTheMetric()
    {
        var (config, observations) = Scenario("CPPP");

        var verdict = CanaryJudge.Evaluate(config, observations);

        verdict.Message.ShouldContain("m0");
    }

    [Fact]
    public void Evaluate_InsufficientData_MessageNamesTheMetrics()
    {
        var (config, observations) = Scenario("--PP");

        var verdict = CanaryJudge.Evaluate(config, observations);

        verdict.Message.ShouldContain("m0, m1");
    }

    [Fact]
    public void Evaluate_GroupsWithWeights_ScoreIsWeightedMeanOfGroupShares()
    {
        // Group a: 2 metrics, 1 failing (50); group b: 1 passing (100). Weights 3 and 1: (3·50 + 1·100) / 4 = 62.5.
        var config = new CanaryJudgeConfig
        {
            Metrics = [Metric("a1", "a"), Metric("a2", "a"), Metric("b1", "b")],
            Groups = [new CanaryGroupConfig("a", 3), new CanaryGroupConfig("b", 1)],
        };
        var observations = Observe(
            ("a1", Samples(Baseline, Scale(Baseline, 2))),
            ("a2", Samples(Baseline, Baseline)),
            ("b1", Samples(Baseline, Baseline)));

        var verdict = CanaryJudge.Evaluate(config, observations);

        verdict.Score.ShouldBe(62.5);
        verdict.Groups.ShouldContain(g => g.Name == "a" && g.Score == 50 && g.Passed == 1 && g.Failed == 1);
        verdict.Groups.ShouldContain(g => g.Name == "b" && g.Score == 100);
    }

    [Fact]
    public void Evaluate_UndeclaredGroup_WeighsDefault()
    {
        var config = new CanaryJudgeConfig { Metrics = [Metric("a1", "a"), Metric("b1", "b")], Groups = [new CanaryGroupConfig("a", 1)] };

        var verdict = CanaryJudge.Evaluate(config, Observe(("a1", Samples(Baseline, Baseline)), ("b1", Samples(Baseline, Baseline))));

        verdict.Groups.Single(g => g.Name == "b").Weight.ShouldBe(CanaryGroupConfig.DefaultWeight);
    }

    [Theory]
    [InlineData("no metrics")]
    [InlineData("confidence level 1")]
    [InlineData("marginal above pass")]
    [InlineData("effect threshold below 1")]
    [InlineData("duplicate metric")]
    [InlineData("zero group weight")]
    public void Evaluate_InvalidConfig_Throws(string name)
    {
        var valid = new CanaryJudgeConfig { Metrics = [Metric()] };
        var config = name switch
        {
            "no metrics" => valid with { Metrics = [] },
            "confidence level 1" => valid with { ConfidenceLevel = 1 },
            "marginal above pass" => valid with { MarginalThreshold = 80 },
            "effect threshold below 1" => valid with { Metrics = [Metric() with { EffectSizeThreshold = 0.9 }] },
            "duplicate metric" => valid with { Metrics = [Metric(), Metric()] },
            _ => valid with { Groups = [new CanaryGroupConfig("g", 0)] },
        };

        Should.Throw<ArgumentException>(() => CanaryJudge.Evaluate(config, Observe()), name);
    }

    [Fact]
    public void Default_AppServiceMetrics_HaveCriticalErrorRateWithFloor()
    {
        var config = CanaryJudgeConfig.Default;

        var errors = config.Metrics.Single(m => m.Name == CanaryJudgeConfig.Http5xxRateMetric);
        var latency = config.Metrics.Single(m => m.Name == CanaryJudgeConfig.HttpResponseTimeMetric);
        errors.Critical.ShouldBeTrue();
        errors.EffectSizeThreshold.ShouldBe(1.5);
        errors.AbsoluteTolerance.ShouldBe(0.001);
        latency.Critical.ShouldBeFalse();
        latency.EffectSizeThreshold.ShouldBe(1.2);
        latency.AbsoluteTolerance.ShouldBe(0.05);
        config.ConfidenceLevel.ShouldBe(0.95);
        config.PassThreshold.ShouldBe(75);
        config.MarginalThreshold.ShouldBe(50);
    }

    [Fact]
    public void Default_BadBuildUnderLoad_FailsOnCriticalErrorRate()
    {
        var observations = Observe(
            (CanaryJudgeConfig.Http5xxRateMetric, Samples([0, 0, 0.001, 0, 0], [0.08, 0.12, 0.1, 0.09, 0.11])),
            (CanaryJudgeConfig.HttpResponseTimeMetric, Samples([0.12, 0.11, 0.13, 0.12, 0.12], [0.12, 0.13, 0.11, 0.12, 0.12])));

        var verdict = CanaryJudge.Evaluate(CanaryJudgeConfig.Default, observations);

        verdict.Outcome.ShouldBe(CanaryOutcome.Fail);
        verdict.Reason.ShouldBe(CanaryReason.CriticalMetricFailed);
    }

    // The seeds' service-quality model f(x) = (1/n)·Σ fᵢ(x): with n groups of one metric each and equal weights,
    // the judge's score is 100 × the mean of the per-metric indicators fᵢ ∈ {0 (fail), 1 (pass)}.
    [Theory]
    [InlineData("n = 1, pass", "P")]
    [InlineData("n = 2, one fails", "PF")]
    [InlineData("n = 3, one fails", "PPF")]
    [InlineData("n = 5, two fail", "FPFPP")]
    [InlineData("n = 7, three fail", "PFPFPFP")]
    public void Evaluate_EqualWeightsOneMetricPerGroup_IsTheQualityModelMean(string name, string pattern)
    {
        var (config, observations) = Scenario(pattern);
        double qualityModel = 100.0 / pattern.Length * pattern.Count(c => c == 'P');

        var verdict = CanaryJudge.Evaluate(config, observations);

        verdict.Score.ShouldBe(Math.Round(qualityModel, 2), 1e-9, name);
    }

    [Property(MaxTest = Properties.MaxTest, Replay = "11," + PropertyReplay.Gamma)]
    public Property Property_EqualWeightsOneMetricPerGroup_IsTheQualityModelMean()
    {
        var patterns = Gen.Choose(1, 10).SelectMany(n => Gen.Elements('P', 'F').ArrayOf(n)).Select(cs => new string(cs)).ToArbitrary();

        return Prop.ForAll(patterns, pattern =>
            {
                var (config, observations) = Scenario(pattern);
                double f = pattern.Select(c => c == 'P' ? 1.0 : 0.0).Average();
                return Math.Abs(CanaryJudge.Evaluate(config, observations).Score - Math.Round(100 * f, 2)) < 1e-9;
            });
    }

    [Property(MaxTest = Properties.MaxTest, Replay = "12," + PropertyReplay.Gamma)]
    public Property Property_ScoreLiesIn0To100()
    {
        return Prop.ForAll(RandomJudgement(), j =>
            {
                var verdict = CanaryJudge.Evaluate(j.Config, j.Observations);
                return verdict.Score >= 0 && verdict.Score <= 100 && verdict.Metrics.Count == j.Config.Metrics.Count;
            });
    }

    [Property(MaxTest = Properties.MaxTest, Replay = "13," + PropertyReplay.Gamma)]
    public Property Property_AddingAFailingCriticalMetric_ForcesScoreZero()
    {
        return Prop.ForAll(RandomJudgement(), j =>
            {
                var config = j.Config with { Metrics = [.. j.Config.Metrics, Metric("critical") with { Critical = true }] };
                var metrics = new Dictionary<string, MetricSamples>(j.Observations.Metrics) { ["critical"] = Samples(Baseline, Scale(Baseline, 3)) };

                var verdict = CanaryJudge.Evaluate(config, new CanaryObservations(metrics));

                return verdict.Score == 0 && verdict.Outcome == CanaryOutcome.Fail && verdict.Reason == CanaryReason.CriticalMetricFailed;
            });
    }

    [Property(MaxTest = Properties.MaxTest, Replay = "14," + PropertyReplay.Gamma)]
    public Property Property_IdenticalBaselineAndCanary_Pass()
    {
        return Prop.ForAll(RandomJudgement(), j =>
            {
                var same = j.Observations.Metrics.ToDictionary(kv => kv.Key, kv => Samples(kv.Value.Baseline, kv.Value.Baseline));
                var config = j.Config with { Metrics = [.. j.Config.Metrics.Select(m => m with { MinimumSamples = 1 })] };

                var verdict = CanaryJudge.Evaluate(config, new CanaryObservations(same));

                return verdict.Outcome == CanaryOutcome.Pass && verdict.Score == 100;
            });
    }

    private static Arbitrary<(CanaryJudgeConfig Config, CanaryObservations Observations)> RandomJudgement()
    {
        var metric =
            from i in Gen.Choose(0, 1_000_000)
            from g in Gen.Choose(0, 3)
            from direction in Gen.Elements(CanaryDirection.Increase, CanaryDirection.Decrease, CanaryDirection.Either)
            from critical in Gen.Elements(false, false, true)
            from threshold in Gen.Elements(1.0, 1.1, 1.2, 1.5, 2.0)
            from tolerance in Gen.Elements(0.0, 0.5, 5.0)
            from outliers in Gen.Elements(false, true)
            from baseline in Properties.Sample(1, 15)
            from canary in Properties.Sample(0, 15)
            select (Metric: new CanaryMetricConfig
            {
                Name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"m{i}"),
                Group = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"g{g}"),
                Direction = direction,
                Critical = critical,
                EffectSizeThreshold = threshold,
                AbsoluteTolerance = tolerance,
                RemoveOutliers = outliers,
            }, Samples: Samples(baseline, canary));

        var judgement =
            from metrics in Gen.Choose(1, 6).SelectMany(n => metric.ArrayOf(n))
            from weights in Gen.Choose(1, 5).ArrayOf(4)
            from level in Gen.Elements(0.9, 0.95, 0.99)
            let distinct = metrics.DistinctBy(m => m.Metric.Name).ToArray()
            select (
                Config: new CanaryJudgeConfig
                {
                    Metrics = distinct.Select(m => m.Metric).ToArray(),
                    Groups = Enumerable.Range(0, 4).Select(k => new CanaryGroupConfig(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"g{k}"), weights[k])).ToArray(),
                    ConfidenceLevel = level,
                },
                Observations: new CanaryObservations(distinct.ToDictionary(m => m.Metric.Name, m => m.Samples)));
        return judgement.ToArbitrary();
    }

    private static (CanaryJudgeConfig Config, CanaryObservations Observations) Scenario(string pattern)
    {
        var metrics = pattern.Select((c, i) => Metric($"m{i}", $"g{i}") with { Critical = c == 'C' }).ToArray();
        var samples = pattern
            .Select((c, i) => (Name: $"m{i}", Kind: c))
            .Where(x => x.Kind != '-')
            .ToDictionary(x => x.Name, x => x.Kind == 'P' ? Samples(Baseline, Baseline) : Samples(Baseline, Scale(Baseline, 2)));
        var config = new CanaryJudgeConfig
        {
            Metrics = metrics,
            Groups = metrics.Select(m => new CanaryGroupConfig(m.Group, 1)).ToArray(),
        };
        return (config, new CanaryObservations(samples));
    }

    private static CanaryMetricConfig Metric(string name = "m", string group = "g") => new() { Name = name, Group = group };

    private static CanaryMetricConfig ErrorRate() => CanaryJudgeConfig.Default.Metrics[0] with { Critical = false };

    private static MetricSamples Samples(IReadOnlyList<double> baseline, IReadOnlyList<double> canary) => new(baseline, canary);

    private static CanaryObservations Observe(params (string Name, MetricSamples Samples)[] metrics) =>
        new(metrics.ToDictionary(m => m.Name, m => m.Samples));

    private static double[] Scale(double[] values, double factor) => values.Select(v => v * factor).ToArray();

    private static double[] Zeros(int n) => new double[n];

    private static double[] Constant(int n, double value) => Enumerable.Repeat(value, n).ToArray();
}
