using Seamless.Core.Canary;
using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

public sealed class GuardWindowTests
{
    private static readonly DateTimeOffset SwappedAt = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private static readonly double[] Errors = [0, 0, 0.001, 0, 0, 0, 0.0005, 0, 0, 0];
    private static readonly double[] Latency = [0.12, 0.11, 0.13, 0.12, 0.12, 0.11, 0.12, 0.13, 0.12, 0.12];

    public static TheoryData<string, string, CanaryOutcome, CanaryReason> EvaluateCases => new()
    {
        { "production unchanged", "same", CanaryOutcome.Pass, CanaryReason.ScoreAbovePass },
        { "errors after the swap", "errors", CanaryOutcome.Fail, CanaryReason.CriticalMetricFailed },
        { "latency after the swap", "slow", CanaryOutcome.Marginal, CanaryReason.ScoreMarginal },
        { "one minute after the swap", "early", CanaryOutcome.Inconclusive, CanaryReason.InsufficientData },
        { "no traffic after the swap", "none", CanaryOutcome.Inconclusive, CanaryReason.InsufficientData },
    };

    [Theory]
    [MemberData(nameof(EvaluateCases))]
    public void Evaluate_ProductionAgainstPreSwapBaseline_UsesTheJudge(string name, string after, CanaryOutcome outcome, CanaryReason reason)
    {
        var verdict = GuardWindow.Evaluate(CanaryJudgeConfig.Default, Baseline(), Current(after));

        verdict.Outcome.ShouldBe(outcome, name);
        verdict.Reason.ShouldBe(reason, name);
    }

    [Theory]
    [InlineData("pass is healthy", "same", false)]
    [InlineData("critical failure is degradation", "errors", true)]
    [InlineData("marginal is degradation", "slow", true)]
    [InlineData("no data yet is not degradation", "early", false)]
    [InlineData("no traffic is not degradation", "none", false)]
    public void Degraded_Verdict_IsNotPassWithData(string name, string after, bool degraded)
    {
        var verdict = GuardWindow.Evaluate(CanaryJudgeConfig.Default, Baseline(), Current(after));

        GuardWindow.Degraded(verdict).ShouldBe(degraded, name);
    }

    [Theory]
    [InlineData("degraded early: swap back", "errors", 2, GuardAction.SwapBack, GuardReason.Degraded)]
    [InlineData("degraded at the end: swap back", "errors", 10, GuardAction.SwapBack, GuardReason.Degraded)]
    [InlineData("healthy inside the window: keep watching", "same", 4, GuardAction.Continue, GuardReason.Watching)]
    [InlineData("no data yet: keep watching", "early", 1, GuardAction.Continue, GuardReason.Watching)]
    [InlineData("healthy at the end: complete", "same", 10, GuardAction.Complete, GuardReason.Healthy)]
    [InlineData("no evidence at the end: swap back by default", "early", 10, GuardAction.SwapBack, GuardReason.NoEvidence)]
    [InlineData("no traffic at all: swap back by default", "none", 10, GuardAction.SwapBack, GuardReason.NoEvidence)]
    public void Decide_VerdictAndElapsed_GetAction(string name, string after, int minutes, GuardAction action, GuardReason reason)
    {
        var verdict = GuardWindow.Evaluate(CanaryJudgeConfig.Default, Baseline(), Current(after));

        var decision = GuardWindow.Decide(verdict, SwappedAt, SwappedAt.AddMinutes(minutes), Window);

        decision.Action.ShouldBe(action, name);
        decision.Reason.ShouldBe(reason, name);
        decision.Verdict.ShouldBeSameAs(verdict, name);
    }

    [Theory]
    [InlineData("fail-closed", GuardWithoutEvidenceAction.SwapBack, GuardAction.SwapBack, "no evidence in the guard window: swapped back per policy")]
    [InlineData("opted out", GuardWithoutEvidenceAction.Promote, GuardAction.Complete, "no evidence in the guard window: promoted per policy")]
    public void Decide_WindowEndsWithoutEvidence_ActsPerPolicyAndSaysSo(string name, GuardWithoutEvidenceAction policy, GuardAction action, string message)
    {
        var verdict = GuardWindow.Evaluate(CanaryJudgeConfig.Default, Baseline(), Current("none"));

        var decision = GuardWindow.Decide(verdict, SwappedAt, SwappedAt.Add(Window), Window, policy);

        decision.Action.ShouldBe(action, name);
        decision.Reason.ShouldBe(GuardReason.NoEvidence, name);
        decision.Message.ShouldStartWith(message, Case.Sensitive, name);
    }

    [Theory]
    [InlineData(GuardWithoutEvidenceAction.SwapBack)]
    [InlineData(GuardWithoutEvidenceAction.Promote)]
    public void Decide_EvidenceAtTheEnd_PolicyForNoEvidenceDoesNotApply(GuardWithoutEvidenceAction policy)
    {
        var healthy = GuardWindow.Evaluate(CanaryJudgeConfig.Default, Baseline(), Current("same"));
        var degraded = GuardWindow.Evaluate(CanaryJudgeConfig.Default, Baseline(), Current("errors"));

        var kept = GuardWindow.Decide(healthy, SwappedAt, SwappedAt.Add(Window), Window, policy);
        var swapped = GuardWindow.Decide(degraded, SwappedAt, SwappedAt.Add(Window), Window, policy);

        kept.Action.ShouldBe(GuardAction.Complete);
        kept.Reason.ShouldBe(GuardReason.Healthy);
        swapped.Action.ShouldBe(GuardAction.SwapBack);
        swapped.Reason.ShouldBe(GuardReason.Degraded);
    }

    [Fact]
    public void Decide_NoEvidenceInsideTheWindow_KeepsWatchingWhateverThePolicy()
    {
        var verdict = GuardWindow.Evaluate(CanaryJudgeConfig.Default, Baseline(), Current("none"));

        var decision = GuardWindow.Decide(verdict, SwappedAt, SwappedAt.AddMinutes(9), Window, GuardWithoutEvidenceAction.SwapBack);

        decision.Action.ShouldBe(GuardAction.Continue);
        decision.Reason.ShouldBe(GuardReason.Watching);
    }

    private static Dictionary<string, IReadOnlyList<double>> Baseline() => new()
    {
        [CanaryJudgeConfig.Http5xxRateMetric] = Errors,
        [CanaryJudgeConfig.HttpResponseTimeMetric] = Latency,
    };

    private static Dictionary<string, IReadOnlyList<double>> Current(string kind) => kind switch
    {
        "same" => Baseline(),
        "errors" => new()
        {
            [CanaryJudgeConfig.Http5xxRateMetric] = Errors.Select(e => e + 0.05).ToArray(),
            [CanaryJudgeConfig.HttpResponseTimeMetric] = Latency,
        },
        "slow" => new()
        {
            [CanaryJudgeConfig.Http5xxRateMetric] = Errors,
            [CanaryJudgeConfig.HttpResponseTimeMetric] = Latency.Select(l => l * 3).ToArray(),
        },
        "none" => new()
        {
            [CanaryJudgeConfig.Http5xxRateMetric] = [],
            [CanaryJudgeConfig.HttpResponseTimeMetric] = [],
        },
        _ => new()
        {
            [CanaryJudgeConfig.Http5xxRateMetric] = [0],
            [CanaryJudgeConfig.HttpResponseTimeMetric] = [0.12],
        },
    };
}
