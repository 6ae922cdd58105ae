using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

public sealed class WhatIfPromiseTests
{
    // 10,000 minutes: a 0.1 % budget allows 10 overloaded minutes. The oracle uses 100 instance-hours.
    private const int Minutes = 10_000;

    [Theory]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Judge_OverloadAgainstTheBudget_KeptUpToTheMinutesItAllows(int overloaded, bool kept)
    {
        var promise = WhatIfPromise.Judge(Report(120, overloaded), 0.1);

        promise.AllowedMinutes.ShouldBe(10, 1e-9);
        promise.Kept.ShouldBe(kept);
        promise.Met.ShouldBe(kept, "without tuned peers the promise is the whole verdict");
        promise.TimesOracle.ShouldBe(1.2, 1e-9);
        promise.ToLine().ShouldStartWith(kept ? "seamless promise: kept — " : "seamless promise: MISSED — ");
        promise.ToLine().ShouldContain($"{overloaded} of {Minutes} minutes overloaded");
    }

    [Theory]
    // peer budget, peer keeps it, peer instance-hours → met, the words the line uses for the peer
    [InlineData(0.1, true, 130.0, true, "no dearer than hpa-tuned (1.200 against 1.300 × oracle)")]
    [InlineData(0.1, true, 120.0, true, "no dearer than hpa-tuned (1.200 against 1.200 × oracle)")]
    [InlineData(0.1, true, 110.0, false, "DEARER than hpa-tuned (1.200 against 1.100 × oracle)")]
    [InlineData(0.1, false, 90.0, true, "no hpa-tuned setting keeps the budget")]
    [InlineData(0.5, true, 90.0, true, "hpa-tuned was tuned to 0.5 %, not to Seamless's budget")]
    public void Judge_TunedPeer_ComparedOnlyAtEqualPromiseAndOnlyWhereItKeepsTheBudget(double peerBudget, bool peerKeeps, double peerHours, bool met, string words)
    {
        var report = Report(120, 5) with
        {
            Tuned = [new TunedPolicy(WhatIfPolicyNames.Hpa, peerBudget, peerKeeps, 180, new Dictionary<string, double> { ["targetUtilisation"] = 90 }, Result(WhatIfPolicyNames.HpaTuned, peerHours, 8))],
        };

        var promise = WhatIfPromise.Judge(report, 0.1);

        promise.Kept.ShouldBeTrue();
        promise.Met.ShouldBe(met);
        promise.ToLine().ShouldEndWith("; at equal promise: " + words);
    }

    [Fact]
    public void Judge_PromiseMissed_IsNotMetHoweverCheapItWas()
    {
        var report = Report(50, 40) with
        {
            Tuned = [new TunedPolicy(WhatIfPolicyNames.AzureAutoscale, 0.1, true, 864, new Dictionary<string, double>(), Result(WhatIfPolicyNames.AzureAutoscaleTuned, 150, 9))],
        };

        var promise = WhatIfPromise.Judge(report, 0.1);

        promise.Met.ShouldBeFalse();
        promise.Peers.Single().SeamlessNoDearer.ShouldBeTrue();
    }

    private static WhatIfReport Report(double seamlessHours, int seamlessOverload) =>
        new(
            new TraceSummary("t", Minutes, 1, "1-minute trace: replayed as is."),
            new CapacityModel(1, "given", 20, 20, 2, 40, 20, 3),
            [Result(WhatIfPolicyNames.Seamless, seamlessHours, seamlessOverload), Result(WhatIfPolicyNames.Oracle, 100, 0)]);

    private static PolicyResult Result(string name, double hours, int overloaded) => new(name, hours, overloaded, 0, 90, 10, 0);
}
