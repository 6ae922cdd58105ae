using System.Net;
using Seamless.Core.ScaleIn;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Tests.Infrastructure;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Alerts;

/// <summary>The alert fast path end to end: common-schema deliveries through the API, scale-out on the simulator, vetoes in the journal.</summary>
public sealed class AlertRouterTests
{
    /// <summary>
    /// A veto long enough that only Resolved can lift it during the test. Fixed headroom: these cases count the alert
    /// path's own scale-outs, and a learned headroom sweep on a hot plan would add instances of its own (tested in
    /// ScaleInOrchestratorTests).
    /// </summary>
    private static readonly Dictionary<string, string?> LongVeto = new()
    {
        ["Seamless:ScaleIn:Policy:Headroom"] = "Fixed",
        ["Seamless:ScaleIn:Policy:AlertVeto"] = "02:00:00",
    };

    [Fact]
    public async Task HandleAsync_CapacityAlertFiredThenResolved_ScalesOutHoldsScaleInThenLiftsHold()
    {
        await using var h = await SeamlessHarness.StartAsync(LongVeto, HotFleet());
        string fired = ScaleInHarnessExtensions.MetricAlert("alert-cpu-1", "plan-cpu-high", "Fired", SeamlessHarness.PlanId, "CpuPercentage", "Microsoft.Web/serverFarms");
        string resolved = ScaleInHarnessExtensions.MetricAlert("alert-cpu-1", "plan-cpu-high", "Resolved", SeamlessHarness.PlanId, "CpuPercentage", "Microsoft.Web/serverFarms");

        var (firstStatus, first) = await h.PostJsonAsync("api/alerts", fired);
        var (repeatStatus, repeat) = await h.PostJsonAsync("api/alerts", fired);
        JournalView held;
        (HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body) resolvedPost;
        using (await h.HoldWhenAsync(
            async ct => h.Capacity == 4 && h.Sim.Snapshot().Plans[0].PendingCapacity is null && (await h.JournalAsync(ct)).Any(e => e.Kind == "scale-out"),
            "the scale-out to 4 instances and its journal entry"))
        {
            // Simulated time stands still from the scale-out on: the veto is in force when scale-in is evaluated.
            await h.RunScaleInAsync();
            held = (await h.DecisionsAsync()).Last(e => e.Kind == "decision");
            resolvedPost = await h.PostJsonAsync("api/alerts", resolved);
        }

        var (resolvedStatus, lift) = resolvedPost;
        await h.RunScaleInAsync();
        var journal = await h.DecisionsAsync();
        var afterLift = journal.Last(e => e.Kind == "decision");

        firstStatus.ShouldBe(HttpStatusCode.Accepted);
        first!["action"]!.GetValue<string>().ShouldBe("ScaleOutAndVeto");
        first["duplicate"]!.GetValue<bool>().ShouldBeFalse();
        repeatStatus.ShouldBe(HttpStatusCode.Accepted);
        repeat!["duplicate"]!.GetValue<bool>().ShouldBeTrue();
        h.Capacity.ShouldBe(4, "the repeated delivery must not scale out again");
        h.Operations("setCapacity").Count(o => o.Result is "Succeeded" or "Accepted").ShouldBe(1);
        journal.Count(e => e.Kind == "scale-out").ShouldBe(1);
        journal.Count(e => e.Kind == "veto").ShouldBe(1);
        held.Action.ShouldBe(nameof(ScaleInAction.Hold));
        held.DecidingRule.ShouldBe(ScaleInRuleNames.Veto);
        resolvedStatus.ShouldBe(HttpStatusCode.Accepted);
        lift!["action"]!.GetValue<string>().ShouldBe("LiftVeto");
        journal.ShouldContain(e => e.Kind == "veto-lifted");
        afterLift.InstanceId.ShouldBe(held.InstanceId);
        afterLift.ShouldNotBe(held, "a second evaluation (on virtual time it may be at the same instant)");
        afterLift.At.ShouldBeGreaterThanOrEqualTo(held.At);
        afterLift.DecidingRule.ShouldNotBe(ScaleInRuleNames.Veto);
    }

    [Fact]
    public async Task HandleAsync_SiteAlertFiredDuringRelease_AbortsRelease()
    {
        await using var h = await SeamlessHarness.StartAsync();
        var (_, id, _) = await h.StartUpgradeAsync("v2", "release-hit-by-alert", policy: new { approval = new { required = true } });
        string alert = ScaleInHarnessExtensions.MetricAlert("alert-5xx-1", "site-5xx", "Fired", SeamlessHarness.SiteId, "Http5xx", "Microsoft.Web/sites");
        (HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body) posted;
        using (await h.HoldAtPhaseAsync(id!, UpgradePhases.Approval))
        {
            posted = await h.PostJsonAsync("api/alerts", alert);
        }

        var (status, body) = posted;
        var view = await h.WaitForOutcomeAsync(id!);

        status.ShouldBe(HttpStatusCode.Accepted);
        body!["action"]!.GetValue<string>().ShouldBe("AbortRelease");
        body["instanceId"]!.GetValue<string>().ShouldBe(id);
        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Aborted), SeamlessHarness.Describe(view));
        view.Reason.ShouldNotBeNull().ShouldContain("alert:site-5xx");
        h.Version("production").ShouldBe("v1");
        h.Sim.Snapshot().Site(SeamlessHarness.SiteName).Routing.Values.Sum().ShouldBe(0);
        h.Slot("staging").TargetSwapSlot.ShouldBeNull();
    }

    [Fact]
    public async Task HandleAsync_SecondAlertWhileScaleOutSettles_RenewsVetoWithoutSecondScaleOut()
    {
        await using var h = await SeamlessHarness.StartAsync(new Dictionary<string, string?>(LongVeto) { ["Seamless:ScaleIn:Policy:ScaleOutSettle"] = "02:00:00" }, HotFleet());
        string first = ScaleInHarnessExtensions.MetricAlert("alert-cpu-a", "plan-cpu-high", "Fired", SeamlessHarness.PlanId, "CpuPercentage", "Microsoft.Web/serverFarms");
        string second = ScaleInHarnessExtensions.MetricAlert("alert-cpu-b", "plan-cpu-saturated", "Fired", SeamlessHarness.PlanId, "CpuPercentage", "Microsoft.Web/serverFarms");

        var (firstStatus, firstBody) = await h.PostJsonAsync("api/alerts", first);
        (HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body) secondPost;
        IReadOnlyList<JournalView> journal;
        using (await h.HoldWhenAsync(async ct => (await h.JournalAsync(ct)).Any(e => e.Kind == "scale-out"), "the first scale-out"))
        {
            // Simulated time stands still from the first scale-out on: the second alert comes while it settles.
            secondPost = await h.PostJsonAsync("api/alerts", second);
            journal = await h.DecisionsAsync();
        }

        var (secondStatus, secondBody) = secondPost;

        firstStatus.ShouldBe(HttpStatusCode.Accepted);
        firstBody!["instanceId"].ShouldNotBeNull();
        secondStatus.ShouldBe(HttpStatusCode.Accepted);
        secondBody!["action"]!.GetValue<string>().ShouldBe("ScaleOutAndVeto");
        secondBody["duplicate"]!.GetValue<bool>().ShouldBeFalse();
        secondBody["instanceId"].ShouldBeNull("no second scale-out while the first settles");
        journal.Count(e => e.Kind == "scale-out").ShouldBe(1);
        journal.Count(e => e.Kind == "veto").ShouldBe(2, "each Fired renews the veto");
        journal.Single(e => e.Kind == "scale-out-skipped").Summary.ShouldContain("still settling");
        h.Capacity.ShouldBe(4);
        h.Operations("setCapacity").Count(o => o.Result is "Succeeded" or "Accepted").ShouldBe(1);
    }

    [Fact]
    public async Task HandleAsync_SecondAlertAfterSettle_ScalesOutAgain()
    {
        await using var h = await SeamlessHarness.StartAsync(new Dictionary<string, string?>(LongVeto) { ["Seamless:ScaleIn:Policy:ScaleOutSettle"] = "00:00:00" }, HotFleet());
        string first = ScaleInHarnessExtensions.MetricAlert("alert-cpu-a", "plan-cpu-high", "Fired", SeamlessHarness.PlanId, "CpuPercentage", "Microsoft.Web/serverFarms");
        string second = ScaleInHarnessExtensions.MetricAlert("alert-cpu-b", "plan-cpu-saturated", "Fired", SeamlessHarness.PlanId, "CpuPercentage", "Microsoft.Web/serverFarms");

        await h.PostJsonAsync("api/alerts", first);
        await SeamlessHarness.WaitForAsync(() => Task.FromResult(h.Capacity == 4 && h.Sim.Snapshot().Plans[0].PendingCapacity is null), "the first scale-out to 4 instances");
        var (_, secondBody) = await h.PostJsonAsync("api/alerts", second);
        await SeamlessHarness.WaitForAsync(() => Task.FromResult(h.Capacity == 5 && h.Sim.Snapshot().Plans[0].PendingCapacity is null), "the second scale-out to 5 instances");
        var journal = await h.DecisionsAsync();

        secondBody!["instanceId"].ShouldNotBeNull();
        journal.ShouldNotContain(e => e.Kind == "scale-out-skipped");
        h.Operations("setCapacity").Count(o => o.Result is "Succeeded" or "Accepted").ShouldBe(2);
    }

    [Fact]
    public async Task HandleAsync_CapacityAlertOnAPlanWithItsOwnPolicy_VetoesAndScalesOutByThatPolicy()
    {
        var settings = new Dictionary<string, string?>(LongVeto)
        {
            ["Seamless:ScaleIn:Plans:0:Plan"] = SeamlessHarness.PlanId,
            ["Seamless:ScaleIn:Plans:0:Policy:AlertVeto"] = "00:42:00",
            ["Seamless:ScaleIn:Plans:0:Policy:ScaleOutMinStep"] = "3",
        };
        await using var h = await SeamlessHarness.StartAsync(settings, HotFleet());
        string fired = ScaleInHarnessExtensions.MetricAlert("alert-cpu-own", "plan-cpu-high", "Fired", SeamlessHarness.PlanId, "CpuPercentage", "Microsoft.Web/serverFarms");

        var (status, _) = await h.PostJsonAsync("api/alerts", fired);
        await SeamlessHarness.WaitForAsync(() => Task.FromResult(h.Capacity == 6 && h.Sim.Snapshot().Plans[0].PendingCapacity is null), "the scale-out by the plan's own step, 3 → 6");
        var veto = (await h.DecisionsAsync()).Single(e => e.Kind == "veto");

        status.ShouldBe(HttpStatusCode.Accepted);
        // The plan's own veto (42 minutes), not the shared one (2 hours); its own step (+3), not the shared +1.
        veto.Summary.ShouldStartWith(System.FormattableString.Invariant($"scale-in vetoed until {veto.At.AddMinutes(42):u}"));
        h.Operations("setCapacity").Count(o => o.Result is "Succeeded" or "Accepted").ShouldBe(1);
    }

    /// <summary>
    /// The default fleet under 4,400 requests per minute: CPU near 100 % at 3 and 4 instances (1,000 each), so
    /// Azure Monitor confirms the capacity alerts before Seamless scales out.
    /// </summary>
    private static FleetSpec HotFleet()
    {
        var fleet = DefaultFleet.Create();
        fleet.Subscriptions[0].ResourceGroups[0].Plans[0].Sites[0].Load = new LoadSpec { RequestsPerMinute = 4400, Noise = 0.02 };
        return fleet;
    }
}
