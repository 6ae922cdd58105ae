using Seamless.Core.Canary;
using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

public sealed class UpgradeRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Free", true)]
    [InlineData("Shared", true)]
    [InlineData("Basic", true)]
    [InlineData("basic", true)]
    [InlineData("Dynamic", true)]
    [InlineData("Standard", false)]
    [InlineData("PremiumV3", false)]
    [InlineData("IsolatedV2", false)]
    [InlineData(null, false)]
    public void SlotsUnsupported_Tier_RefusesTiersWithoutSlots(string? tier, bool refused)
    {
        string? reason = UpgradeRules.SlotsUnsupported(tier);

        (reason is not null).ShouldBe(refused);
        if (refused)
        {
            reason.ShouldBe($"plan tier {tier} has no deployment slots (Standard or higher is required).");
        }
    }

    public static TheoryData<string, string?, int?, PendingPreviewAction, string> PreviewCases => new()
    {
        { "not started by Seamless", null, null, PendingPreviewAction.RefuseForeign, "was not started by Seamless; complete or reset it first." },
        { "ours and recent", "upgrade:app:1", -10, PendingPreviewAction.RefuseRecent, "is still recent; refusing to interfere." },
        { "ours, just under the age", "upgrade:app:1", -29, PendingPreviewAction.RefuseRecent, "still recent" },
        { "ours, at the age", "upgrade:app:1", -30, PendingPreviewAction.Reset, "resetting a stale swap with preview left by upgrade:app:1" },
        { "ours and old", "upgrade:app:1", -600, PendingPreviewAction.Reset, "resetting" },
    };

    [Theory]
    [MemberData(nameof(PreviewCases))]
    public void PendingPreview_Record_ResetsOnlyOurOwnStalePreview(string name, string? holder, int? startedMinutes, PendingPreviewAction expected, string message)
    {
        var verdict = UpgradeRules.PendingPreview(holder, startedMinutes is { } m ? Now.AddMinutes(m) : null, Now, TimeSpan.FromMinutes(30), "'staging' → 'production'");

        verdict.Action.ShouldBe(expected, name);
        verdict.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData(false, "swap", false)]
    [InlineData(false, "canary", true)]
    [InlineData(false, "Canary", true)]
    [InlineData(true, "swap", true)]
    [InlineData(false, null, false)]
    public void CanaryRuns_PolicyAndStrategy_EitherTurnsItOn(bool enabled, string? strategy, bool runs)
    {
        var policy = UpgradePolicy.Default with { Canary = UpgradePolicy.Default.Canary with { Enabled = enabled } };

        UpgradeRules.CanaryRuns(policy, strategy).ShouldBe(runs);
    }

    public static TheoryData<CanaryOutcome, int, CanaryStepAction, string> CanaryCases => new()
    {
        { CanaryOutcome.Pass, 0, CanaryStepAction.Advance, "" },
        { CanaryOutcome.Pass, 1, CanaryStepAction.Advance, "" },
        { CanaryOutcome.Marginal, 0, CanaryStepAction.Repeat, "" },
        { CanaryOutcome.Marginal, 1, CanaryStepAction.RollBack, "canary stayed marginal at 25 %: judged" },
        { CanaryOutcome.Fail, 0, CanaryStepAction.RollBack, "canary failed at 25 %: judged" },
        { CanaryOutcome.Inconclusive, 0, CanaryStepAction.RollBack, "canary inconclusive at 25 %: no evidence the new build is healthy" },
    };

    [Theory]
    [MemberData(nameof(CanaryCases))]
    public void AfterCanaryStep_Verdict_AdvanceRepeatOrRollBack(CanaryOutcome outcome, int attempt, CanaryStepAction expected, string reason)
    {
        var verdict = new CanaryVerdict(outcome, 50, CanaryReason.ScoreMarginal, "judged", [], []);

        var decision = UpgradeRules.AfterCanaryStep(verdict, 25, attempt);

        decision.Action.ShouldBe(expected);
        decision.Reason.ShouldStartWith(reason);
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void RestoreWarmup_PolicyTimeout_CappedAtThreeMinutes(int policyMinutes, int expectedMinutes)
    {
        var warmup = new WarmupPolicy { Timeout = TimeSpan.FromMinutes(policyMinutes) };

        var bounded = UpgradeRules.RestoreWarmup(warmup);

        bounded.Timeout.ShouldBe(TimeSpan.FromMinutes(expectedMinutes));
        bounded.Paths.ShouldBe(warmup.Paths);
    }
}
