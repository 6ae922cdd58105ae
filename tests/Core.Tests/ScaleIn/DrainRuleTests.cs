using Seamless.Core.ScaleIn;
using static Seamless.Core.Tests.ScaleIn.ScaleInScenario;

namespace Seamless.Core.Tests.ScaleIn;

public sealed class DrainRuleTests
{
    private static readonly TimeSpan Lookback = TimeSpan.FromMinutes(ScaleInPolicy.DefaultSessionIdleMinutes);

    /// <summary>name → (drain facts, policy, expected reason) for every hold branch of the drain rule.</summary>
    private static readonly Dictionary<string, (DrainFacts Facts, ScaleInPolicy Policy, string Reason)> HoldCases = new()
    {
        ["affinity on with recent requests"] = (Facts(Site("shop", affinity: true, requests: 1200)), Policy, ScaleInReasons.SessionsPinned),
        ["one of two sites pins sessions"] = (Facts(Site("api"), Site("shop", affinity: true, requests: 3)), Policy, ScaleInReasons.SessionsPinned),
        ["requests as long as the drain"] = (Facts(Site("reports", longest: 90)), Policy, ScaleInReasons.RequestsOutliveDrain),
        ["requests within the margin of the drain"] = (Facts(Site("reports", longest: 75)), Policy, ScaleInReasons.RequestsOutliveDrain),
        ["requests longer than a custom drain"] = (Facts(Site("reports", longest: 25)), Policy with { PlatformDrain = TimeSpan.FromSeconds(30), DrainMargin = TimeSpan.FromSeconds(5) }, ScaleInReasons.RequestsOutliveDrain),
        ["long requests even when session loss is accepted"] = (Facts(Site("reports", affinity: true, longest: 120)), Policy with { AcceptSessionLoss = true }, ScaleInReasons.RequestsOutliveDrain),
        ["application queue not empty"] = (Facts(Site("api", queue: 0.4)), Policy, ScaleInReasons.ApplicationQueueNotEmpty),
        ["affinity setting unknown"] = (Facts(new SiteDrainFacts("api", null, 10, 0.2, 0)), Policy, ScaleInReasons.DrainDataMissing),
        ["no request count"] = (Facts(new SiteDrainFacts("api", false, null, 0.2, 0)), Policy, ScaleInReasons.DrainDataMissing),
        ["request count not a number"] = (Facts(new SiteDrainFacts("api", false, double.NaN, 0.2, 0)), Policy, ScaleInReasons.DrainDataMissing),
        ["requests without response time"] = (Facts(new SiteDrainFacts("api", false, 10, null, 0)), Policy, ScaleInReasons.DrainDataMissing),
        ["no application queue data"] = (Facts(new SiteDrainFacts("api", false, 10, 0.2, null)), Policy, ScaleInReasons.DrainDataMissing),
        ["lookback shorter than the session idle time"] = (new DrainFacts([Site("api")], TimeSpan.FromMinutes(10)), Policy, ScaleInReasons.DrainDataMissing),
        ["missing data before sessions"] = (Facts(Site("shop", affinity: true, requests: 50), new SiteDrainFacts("api", false, null, null, null)), Policy, ScaleInReasons.DrainDataMissing),
    };

    /// <summary>name → (drain facts, policy) that let the step through.</summary>
    private static readonly Dictionary<string, (DrainFacts Facts, ScaleInPolicy Policy)> PassCases = new()
    {
        ["short requests, affinity off"] = (Facts(Site("api"), Site("web", longest: 2)), Policy),
        ["affinity on but no requests within the idle time"] = (Facts(Site("shop", affinity: true, requests: 0, longest: null)), Policy),
        ["affinity on, session loss accepted"] = (Facts(Site("shop", affinity: true, requests: 800)), Policy with { AcceptSessionLoss = true }),
        ["long requests long ago (none in the window)"] = (Facts(Site("reports", requests: 0, longest: null)), Policy),
        ["just under the drain less margin"] = (Facts(Site("reports", longest: 74.9)), Policy),
        ["plan without sites"] = (Facts(), Policy),
    };

    public static TheoryData<string> HoldCaseNames => new(HoldCases.Keys);

    public static TheoryData<string> PassCaseNames => new(PassCases.Keys);

    /// <summary>Drain facts over the default session idle time.</summary>
    public static DrainFacts Facts(params SiteDrainFacts[] sites) => new(sites, Lookback);

    /// <summary>A site with sensible figures: affinity off, 600 requests, 0.4 s longest, empty queue.</summary>
    public static SiteDrainFacts Site(string name, bool affinity = false, double requests = 600, double? longest = 0.4, double queue = 0) =>
        new(name, affinity, requests, longest, queue);

    [Theory]
    [MemberData(nameof(HoldCaseNames))]
    public void Evaluate_HarmfulOrUnknownDrain_HoldsAtTheDrainRuleNamingTheSite(string name)
    {
        var (facts, policy, reason) = HoldCases[name];
        var context = Eligible() with { Drain = facts };

        var decision = ScaleInEvaluator.Evaluate(context, policy);

        decision.Action.ShouldBe(ScaleInAction.Hold, name);
        decision.DecidingRule.ShouldBe(ScaleInRuleNames.Drain, name);
        decision.Reason.ShouldBe(reason, name);
        decision.ToCapacity.ShouldBe(context.Capacity);
        var site = facts.Sites.Count > 0 ? facts.Sites[^1].Site : "sessions";
        decision.Message.ShouldContain(reason == ScaleInReasons.DrainDataMissing && facts.Lookback < policy.SessionIdle ? "sessions idle out" : site, Case.Insensitive, name);
    }

    [Theory]
    [MemberData(nameof(PassCaseNames))]
    public void Evaluate_HarmlessDrain_PassesAndTheNextRulesDecide(string name)
    {
        var (facts, policy) = PassCases[name];
        var context = Eligible() with { Drain = facts };

        var decision = ScaleInEvaluator.Evaluate(context, policy);

        decision.Action.ShouldBe(ScaleInAction.ScaleIn, name);
        decision.ToCapacity.ShouldBe(context.Capacity - 1);
        var verdict = decision.RuleTrail.Single(v => v.Rule == ScaleInRuleNames.Drain);
        verdict.Outcome.ShouldBe(RuleOutcome.Continue);
        verdict.Reason.ShouldBe(ScaleInReasons.Passed);
        verdict.Message.ShouldContain("harmless");
    }

    [Fact]
    public void Evaluate_LongRequests_MessageGivesTheFigureAndTheDrainTime()
    {
        var context = Eligible() with { Drain = Facts(Site("reports", longest: 150)) };

        var decision = ScaleInEvaluator.Evaluate(context, Policy);

        decision.Message.ShouldContain("'reports' served requests of up to 150 s");
        decision.Message.ShouldContain("90 s");
    }

    [Fact]
    public void Evaluate_NoDrainFacts_GuardNotAppliedAndSaysSo()
    {
        var context = Eligible() with { Drain = null };

        var decision = ScaleInEvaluator.Evaluate(context, Policy);

        decision.Action.ShouldBe(ScaleInAction.ScaleIn);
        decision.RuleTrail.Single(v => v.Rule == ScaleInRuleNames.Drain).Reason.ShouldBe(ScaleInReasons.DrainNotAssessed);
    }

    [Fact]
    public void Pipeline_DrainComesRightAfterTheCapacityRules()
    {
        var order = ScaleInRuleNames.InOrder.ToList();

        order.IndexOf(ScaleInRuleNames.Headroom).ShouldBe(order.IndexOf(ScaleInRuleNames.Projection) + 1);
        order.IndexOf(ScaleInRuleNames.Drain).ShouldBe(order.IndexOf(ScaleInRuleNames.Headroom) + 1);
    }
}
