using Seamless.Core.ScaleIn;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary>
/// The drain guard end to end: the orchestrator reads the plan's sites (ARM) and their requests, response time
/// and application queue (Azure Monitor) from the simulator, and holds — journalling why — when draining the
/// instance the platform removes would fail requests or lose sessions.
/// </summary>
public sealed class ScaleInDrainTests
{
    [Fact]
    public async Task RunAsync_AffinityOnWithTraffic_HoldsAtDrainAndNothingIsLost()
    {
        await using var h = await SeamlessHarness.StartAsync(fleet: Fleet(affinity: true, longShare: 0, longSeconds: 0));

        await h.RunScaleInAsync();
        var journal = await h.DecisionsAsync();

        var decision = journal.Last(e => e.Kind == "decision");
        decision.Action.ShouldBe(nameof(ScaleInAction.Hold), decision.Summary);
        decision.DecidingRule.ShouldBe(ScaleInRuleNames.Drain, decision.Summary);
        decision.Summary.ShouldContain($"'{SeamlessHarness.SiteName}' has ARR affinity on");
        h.Operations("setCapacity").ShouldBeEmpty();
        h.Sim.Snapshot().Site(SeamlessHarness.SiteName).Drain!.SessionsLost.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_RequestsLongerThanTheDrain_HoldsNamingTheDuration()
    {
        await using var h = await SeamlessHarness.StartAsync(fleet: Fleet(affinity: false, longShare: 0.02, longSeconds: 150));

        await h.RunScaleInAsync();
        var journal = await h.DecisionsAsync();

        var decision = journal.Last(e => e.Kind == "decision");
        decision.DecidingRule.ShouldBe(ScaleInRuleNames.Drain, decision.Summary);
        decision.Summary.ShouldContain("requests of up to 150 s");
        h.Operations("setCapacity").ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_ShortRequestsAffinityOff_DrainPassesAndThePlanScalesIn()
    {
        await using var h = await SeamlessHarness.StartAsync(fleet: Fleet(affinity: false, longShare: 0, longSeconds: 0));

        await h.RunScaleInAsync();
        var journal = await h.DecisionsAsync();

        var decision = journal.First(e => e.Kind == "decision");
        decision.Action.ShouldBe(nameof(ScaleInAction.ScaleIn), decision.Summary);
        journal.ShouldContain(e => e.Kind == "scale-in");
        h.Sim.Snapshot().Site(SeamlessHarness.SiteName).Drain!.FailedByScaleIn.ShouldBe(0);
    }

    /// <summary>The demo plan (3 instances) with a load one instance carries, so only the drain can hold.</summary>
    private static FleetSpec Fleet(bool affinity, double longShare, double longSeconds)
    {
        var fleet = DefaultFleet.Create();
        var site = fleet.Subscriptions[0].ResourceGroups[0].Plans[0].Sites[0];
        site.Load = new LoadSpec { RequestsPerMinute = 450, Noise = 0.02 };
        site.ClientAffinityEnabled = affinity;
        site.LongRequestShare = longShare;
        site.LongRequestSeconds = longSeconds;
        return fleet;
    }
}
