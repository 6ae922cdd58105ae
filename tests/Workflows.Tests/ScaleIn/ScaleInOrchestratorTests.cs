using Seamless.Core.ScaleIn;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary>
/// Scale-in end to end: the real orchestrator on the embedded engine reading the simulator's Azure
/// Monitor metrics, acting on the plan, verifying and journaling every decision.
/// </summary>
public sealed class ScaleInOrchestratorTests
{
    /// <summary>One instance per step, short windows; the rest of the policy comes from the demo's configuration.</summary>
    private static readonly Dictionary<string, string?> OneStepAtATime = new()
    {
        ["Seamless:ScaleIn:Policy:MaxStep"] = "1",
        ["Seamless:ScaleIn:Policy:Cooldown"] = "00:03:00",
        ["Seamless:ScaleIn:Policy:RateLimitPeriod"] = "00:03:00",
    };

    [Fact]
    public async Task RunAsync_LoadFitsFewerInstances_ScalesInOneVerifiedStepAtATime()
    {
        // Five instances for a load that two carry (the projection keeps it from one).
        var fleet = Fleet(new LoadSpec { RequestsPerMinute = 450, Noise = 0.02 });
        fleet.Subscriptions[0].ResourceGroups[0].Plans[0].Capacity = 5;
        await using var h = await SeamlessHarness.StartAsync(OneStepAtATime, fleet);

        for (int run = 0; run < 40 && (h.Capacity > 2 || h.Sim.Snapshot().Plans[0].PendingCapacity is not null); run++)
        {
            await h.RunScaleInAsync();
            await h.WaitUntilSimulatedAsync(h.Sim.Now.AddMinutes(1));
        }

        await h.WaitUntilSimulatedAsync(h.Sim.Now.AddMinutes(4));
        await h.RunScaleInAsync();
        var journal = await h.DecisionsAsync();

        var described = string.Join(" | ", journal.Select(e => $"{e.Kind}: {e.Summary}"));
        h.Capacity.ShouldBe(2, described);
        var acts = journal.Where(e => e.Kind is "scale-in" or "verified" or "reverted").Select(e => e.Kind).ToList();
        acts.ShouldBe(["scale-in", "verified", "scale-in", "verified", "scale-in", "verified"], described);
        var steps = journal.Where(e => e.Kind == "scale-in").ToList();
        steps.Select(e => e.ToCapacity).ShouldBe([4, 3, 2]);
        foreach (var step in steps)
        {
            // Every step follows a scale-in decision of the same evaluation and is verified by it.
            journal.ShouldContain(e => e.InstanceId == step.InstanceId && e.Kind == "decision" && e.Action == nameof(ScaleInAction.ScaleIn) && e.At <= step.At);
            journal.ShouldContain(e => e.InstanceId == step.InstanceId && e.Kind == "verified" && e.At > step.At);
        }

        var last = journal.Last(e => e.Kind == "decision");
        last.Action.ShouldBe(nameof(ScaleInAction.Hold), described);
        last.DecidingRule.ShouldBe(ScaleInRuleNames.Projection, described);
        h.Operations("setCapacity").Count(o => o.Result is "Succeeded" or "Accepted").ShouldBe(3);
        h.Sim.Traffic(SeamlessHarness.SiteName).Sum(m => m.Failed).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_HarmfulStep_RevertedAndVetoed()
    {
        // The production build fails under load only above 21 % utilisation: 3 instances carry the
        // load at ~17 %, 2 would run at ~25 %, so removing one hurts users.
        var fleet = Fleet(new LoadSpec { RequestsPerMinute = 500, Noise = 0.01 });
        fleet.Subscriptions[0].ResourceGroups[0].Plans[0].Sites[0].Build = new BuildSpec { Version = "v1", ErrorRateUnderLoad = 0.3, LoadThreshold = 0.21 };

        // The revert's veto must still hold at the second run (a day: an idle app's virtual time races ahead between runs).
        await using var h = await SeamlessHarness.StartAsync(new Dictionary<string, string?>(OneStepAtATime) { ["Seamless:ScaleIn:Policy:RevertVeto"] = "1.00:00:00" }, fleet);

        await h.RunScaleInAsync();
        await SeamlessHarness.WaitForAsync(() => Task.FromResult(h.Sim.Snapshot().Plans[0].PendingCapacity is null), "the revert to finish");
        await h.WaitUntilSimulatedAsync(h.Sim.Now.AddMinutes(4));
        await h.RunScaleInAsync();
        var journal = await h.DecisionsAsync();

        var described = string.Join(" | ", journal.Select(e => $"{e.Kind}: {e.Summary}"));
        journal.Select(e => e.Kind).Where(k => k is "scale-in" or "verified" or "reverted").ShouldBe(["scale-in", "reverted"], described);
        var decisions = journal.Where(e => e.Kind == "decision").ToList();
        decisions.Count.ShouldBe(2, described);
        decisions[0].Action.ShouldBe(nameof(ScaleInAction.ScaleIn));
        decisions[1].Action.ShouldBe(nameof(ScaleInAction.Hold));
        decisions[1].DecidingRule.ShouldBe(ScaleInRuleNames.Veto);
        journal.Single(e => e.Kind == "reverted").Summary.ShouldContain("vetoed");
        h.Capacity.ShouldBe(3);
        h.Operations("setCapacity").Count(o => o.Result is "Succeeded" or "Accepted").ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_ReleaseInFlight_HoldsOnLease()
    {
        var fleet = Fleet(new LoadSpec { RequestsPerMinute = 450, Noise = 0.02 });
        await using var h = await SeamlessHarness.StartAsync(OneStepAtATime, fleet);
        var (_, id, _) = await h.StartUpgradeAsync("v2", "release-in-flight", policy: new { approval = new { required = true } });
        IReadOnlyList<JournalView> journal;
        using (await h.HoldAtPhaseAsync(id!, "Approval"))
        {
            // Simulated time stands still in the approval wait: the scale-in run meets the release's lease.
            await h.RunScaleInAsync();
            journal = await h.DecisionsAsync();
            await h.PostAsync($"api/upgrades/{Uri.EscapeDataString(id!)}/abort", null);
        }

        await h.WaitForOutcomeAsync(id!);

        var decision = journal.Last(e => e.Kind == "decision");
        decision.Action.ShouldBe(nameof(ScaleInAction.Hold));
        decision.DecidingRule.ShouldBe(ScaleInRuleNames.Lease);
        journal.ShouldNotContain(e => e.Kind == "scale-in");
        h.Capacity.ShouldBe(3);
        h.Operations("setCapacity").ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_LoadNeedsMoreThanThePlanHas_ScalesOutAheadWithTheLearnedHeadroomJournaled()
    {
        // Two instances for a load they cannot carry: the learned headroom requires more than the plan has, so
        // the sweep adds instances itself (no alert involved) and says why in the journal.
        var fleet = Fleet(new LoadSpec { RequestsPerMinute = 3000, Noise = 0.01 });
        fleet.Subscriptions[0].ResourceGroups[0].Plans[0].Capacity = 2;
        await using var h = await SeamlessHarness.StartAsync(OneStepAtATime, fleet);

        await h.RunScaleInAsync();
        await SeamlessHarness.WaitForAsync(() => Task.FromResult(h.Sim.Snapshot().Plans[0].PendingCapacity is null), "the scale-out to finish");
        var journal = await h.DecisionsAsync();

        var described = string.Join(" | ", journal.Select(e => $"{e.Kind}: {e.Summary}"));
        journal.Where(e => e.Kind == "decision").Select(e => e.Action).ShouldBe([nameof(ScaleInAction.Hold)], described);
        journal.Count(e => e.Kind == "scale-out").ShouldBe(1, described);
        var ahead = journal.Single(e => e.Kind == "scale-out");
        ahead.Summary.ShouldContain("scaled out ahead of demand 2 → ", Case.Sensitive, described);
        ahead.Summary.ShouldContain("budget 0.1 % of minutes", Case.Sensitive, described);
        h.Capacity.ShouldBeGreaterThan(2, described);
        ahead.Summary.ShouldContain($"2 → {h.Capacity}:", Case.Sensitive, described);
        h.Operations("setCapacity").Count(o => o.Result is "Succeeded" or "Accepted").ShouldBe(1);
    }

    private static FleetSpec Fleet(LoadSpec load)
    {
        var fleet = DefaultFleet.Create();
        fleet.Subscriptions[0].ResourceGroups[0].Plans[0].Sites[0].Load = load;
        return fleet;
    }
}
