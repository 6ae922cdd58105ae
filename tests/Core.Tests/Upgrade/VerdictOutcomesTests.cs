using Seamless.Core.Canary;
using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

public sealed class VerdictOutcomesTests
{
    public static TheoryData<string, VerdictOutcome, VerdictOutcome> Cases => new()
    {
        { "canary pass", VerdictOutcomes.Of(CanaryOutcome.Pass), VerdictOutcome.Pass },
        { "canary marginal", VerdictOutcomes.Of(CanaryOutcome.Marginal), VerdictOutcome.Marginal },
        { "canary fail", VerdictOutcomes.Of(CanaryOutcome.Fail), VerdictOutcome.Fail },
        { "canary inconclusive", VerdictOutcomes.Of(CanaryOutcome.Inconclusive), VerdictOutcome.Inconclusive },
        { "smoke pass", VerdictOutcomes.Of(SmokeOutcome.Pass), VerdictOutcome.Pass },
        { "smoke fail", VerdictOutcomes.Of(SmokeOutcome.Fail), VerdictOutcome.Fail },
        { "config diff ok", VerdictOutcomes.Of(ConfigDiffOutcome.Ok), VerdictOutcome.Ok },
        { "config diff warn", VerdictOutcomes.Of(ConfigDiffOutcome.Warn), VerdictOutcome.Warn },
        { "config diff block", VerdictOutcomes.Of(ConfigDiffOutcome.Block), VerdictOutcome.Block },
        { "warm-up probing: warm", VerdictOutcomes.Of(WarmupGateOutcome.Warm), VerdictOutcome.Warm },
        { "warm-up probing: waiting", VerdictOutcomes.Of(WarmupGateOutcome.Waiting), VerdictOutcome.Waiting },
        { "warm-up probing: failed", VerdictOutcomes.Of(WarmupGateOutcome.Failed), VerdictOutcome.Failed },
        { "warm-up judged warm", VerdictOutcomes.Judged(WarmupGateOutcome.Warm), VerdictOutcome.Pass },
        { "warm-up judged failed", VerdictOutcomes.Judged(WarmupGateOutcome.Failed), VerdictOutcome.Fail },
        { "build proceeds", VerdictOutcomes.Of(BuildIdentityOutcome.Proceed), VerdictOutcome.Pass },
        { "build not checked", VerdictOutcomes.Of(BuildIdentityOutcome.NotChecked), VerdictOutcome.Inconclusive },
        { "build already serving", VerdictOutcomes.Of(BuildIdentityOutcome.AlreadyServing), VerdictOutcome.AlreadyServing },
        { "build mismatch", VerdictOutcomes.Of(BuildIdentityOutcome.Mismatch), VerdictOutcome.Fail },
        { "build unidentified", VerdictOutcomes.Of(BuildIdentityOutcome.Unidentified), VerdictOutcome.Fail },
        { "build misconfigured", VerdictOutcomes.Of(BuildIdentityOutcome.Misconfigured), VerdictOutcome.Fail },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_EachGateOutcome_MapsOntoTheVerdictOutcome(string name, VerdictOutcome actual, VerdictOutcome expected)
    {
        actual.ShouldBe(expected, name);
    }
}
