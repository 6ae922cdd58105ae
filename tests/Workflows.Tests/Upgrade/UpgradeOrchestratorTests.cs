using Seamless.Core.Upgrade;
using System.Net;
using System.Net.Http.Json;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Tests.Infrastructure;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Upgrade;

/// <summary>
/// The release workflow end to end: the real orchestrator on the embedded engine, the real Azure
/// adapter over HTTP, the in-process simulator with load running. Each test owns a server, so the
/// operation log and the site's versions are the test's own.
/// </summary>
public sealed class UpgradeOrchestratorTests
{
    [Fact]
    public async Task RunAsync_GoodBuildWithCanary_PromotedWithNoFailedProductionRequests()
    {
        await using var h = await SeamlessHarness.StartAsync();
        var before = h.Sim.Now;
        string oldVersion = h.Version("production");

        var (status, id, body) = await h.StartUpgradeAsync("v2", "good-build");
        var view = await h.WaitForOutcomeAsync(id!);
        var end = h.Sim.Now;
        await h.WaitUntilSimulatedAsync(end.AddMinutes(1));

        status.ShouldBe(HttpStatusCode.Accepted, body);
        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Promoted), SeamlessHarness.Describe(view));
        oldVersion.ShouldBe("v1");
        h.Version("production").ShouldBe("v2");
        h.Slot("production").TargetSwapSlot.ShouldBeNull();
        h.Slot("staging").TargetSwapSlot.ShouldBeNull();
        h.Sim.Snapshot().Site(SeamlessHarness.SiteName).Routing.Values.Sum().ShouldBe(0);
        h.RoutingPercentages(before).ShouldContain(p => p > 0);
        h.Operations("slotsswap", before).Count(o => o.Result == "Succeeded").ShouldBe(1);
        view.Verdicts.ShouldContain(v => v.Gate.Kind == VerdictGateKind.Canary && v.Outcome == VerdictOutcome.Pass);
        view.Verdicts.ShouldContain(v => v.Gate == VerdictGate.Guard);

        // Users of the production host name: those served by production and those routed to the canary.
        var production = h.Sim.Traffic(SeamlessHarness.SiteName, "production", before, end.AddMinutes(1));
        var canary = h.Sim.Traffic(SeamlessHarness.SiteName, "staging", before, end.AddMinutes(1));
        production.Sum(m => m.Requests).ShouldBeGreaterThan(1000);
        canary.Sum(m => m.Requests).ShouldBeGreaterThan(0);
        production.Sum(m => m.Failed).ShouldBe(0);
        canary.Sum(m => m.Failed).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_BuildFailingUnderLoad_StoppedAtCanaryAndRolledBack()
    {
        await using var h = await SeamlessHarness.StartAsync();
        h.Sim.Deploy(SeamlessHarness.SiteName, "staging", new BuildSpec { Version = "v3-bad", ErrorRateUnderLoad = 0.1, LoadThreshold = 0.3 });
        var before = h.Sim.Now;

        var (_, id, _) = await h.StartUpgradeAsync("v3-bad", "bad-build");
        var view = await h.WaitForOutcomeAsync(id!);

        view.Outcome.ShouldBe(nameof(UpgradeOutcome.RolledBack), SeamlessHarness.Describe(view));
        view.Reason.ShouldNotBeNull().ShouldContain("canary");
        var failing = view.Verdicts.Last(v => v.Gate.Kind == VerdictGateKind.Canary);
        failing.Outcome.ShouldNotBe(VerdictOutcome.Pass);
        double failingStep = failing.Gate.Step.ShouldNotBeNull();
        var routing = h.RoutingPercentages(before);
        routing.ShouldNotBeEmpty();
        routing.Max().ShouldBeLessThanOrEqualTo(failingStep);
        routing.Max().ShouldBeLessThan(100);
        routing[^1].ShouldBe(0);
        h.Operations("slotsswap", before).ShouldBeEmpty();
        h.Version("production").ShouldBe("v1");
        h.Version("staging").ShouldBe("v3-bad");
        h.Slot("staging").TargetSwapSlot.ShouldBeNull();
        h.Sim.Snapshot().Site(SeamlessHarness.SiteName).Routing.Values.Sum().ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_BuildDegradingAfterSwap_SwappedBackWithinGuardWindow()
    {
        await using var h = await SeamlessHarness.StartAsync();
        h.Sim.Deploy(SeamlessHarness.SiteName, "staging", new BuildSpec { Version = "v3-late", ErrorRate = 0.2, DegradeAfterMinutes = 1 });
        var before = h.Sim.Now;

        var (_, id, _) = await h.StartUpgradeAsync("v3-late", "late-degrade", strategy: "swap");
        var view = await h.WaitForOutcomeAsync(id!);

        view.Outcome.ShouldBe(nameof(UpgradeOutcome.RolledBack), SeamlessHarness.Describe(view));
        view.Reason.ShouldNotBeNull().ShouldContain("after the swap");
        view.Verdicts.ShouldContain(v => v.Gate == VerdictGate.Guard && v.Outcome != VerdictOutcome.Pass);
        var swaps = h.Operations("slotsswap", before).Where(o => o.Result == "Succeeded").ToList();
        swaps.Count.ShouldBe(2);
        (swaps[1].SimTime - swaps[0].CompletedAt!.Value).ShouldBeLessThan(TimeSpan.FromMinutes(6) + TimeSpan.FromMinutes(4), "the swap back starts within the guard window (plus the bounded warm-up of the previous build)");
        h.Version("production").ShouldBe("v1");
        h.Version("staging").ShouldBe("v3-late");
        h.Slot("production").TargetSwapSlot.ShouldBeNull();
        h.Slot("staging").TargetSwapSlot.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_BuildFailingWarmup_RejectedWithoutSwapAndConfigReset()
    {
        await using var h = await SeamlessHarness.StartAsync();
        h.Sim.Deploy(SeamlessHarness.SiteName, "staging", new BuildSpec { Version = "v3-dead", FailsWarmup = true });
        var before = h.Sim.Now;

        var (_, id, _) = await h.StartUpgradeAsync("v3-dead", "dead-build", policy: new { warmup = new { timeout = "00:03:00" } });
        var view = await h.WaitForOutcomeAsync(id!);

        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Rejected), SeamlessHarness.Describe(view));
        view.Reason.ShouldNotBeNull().ShouldContain("warm-up");
        h.Operations("slotsswap", before).ShouldBeEmpty();
        h.RoutingPercentages(before).ShouldAllBe(p => p == 0);
        h.Operations("applySlotConfig", before).Count(o => o.Result == "Succeeded").ShouldBe(1);
        h.Operations("resetSlotConfig", before).Count(o => o.Result == "Succeeded").ShouldBe(1);
        h.Slot("staging").TargetSwapSlot.ShouldBeNull();
        h.Slot("production").TargetSwapSlot.ShouldBeNull();
        h.Version("production").ShouldBe("v1");
    }

    [Theory]
    [InlineData(UpgradePhases.WarmingUp)]
    [InlineData(UpgradePhases.Canary)]
    [InlineData(UpgradePhases.Approval)]
    [InlineData(UpgradePhases.Guarding)]
    public async Task AbortAsync_InPhase_LeavesSiteAsBefore(string phase)
    {
        await using var h = await SeamlessHarness.StartAsync();

        // Simulated time is held in the phase until the abort has been posted. The phases last two simulated hours so
        // a step's own timer is not what ends them; the guard judges hourly (every verdict stays in the custom status,
        // which a 2-minute interval overfills).
        h.Sim.Deploy(SeamlessHarness.SiteName, "staging", new BuildSpec { Version = "v2", ColdStartSeconds = phase == UpgradePhases.WarmingUp ? 86_400 : 60 });
        var before = h.Sim.Now;
        object? policy = phase switch
        {
            UpgradePhases.WarmingUp => new { warmup = new { timeout = "02:00:00" } },
            UpgradePhases.Canary => new { canary = new { stepInterval = "02:00:00" } },
            UpgradePhases.Approval => new { approval = new { required = true, timeout = "02:00:00" } },
            UpgradePhases.Guarding => new { guardWindow = "02:00:00", guardInterval = "01:00:00" },
            _ => null,
        };
        var (_, id, _) = await h.StartUpgradeAsync("v2", "abort-" + phase, strategy: "canary", policy: policy);
        (HttpStatusCode abortStatus, string abortBody) abort;
        using (await h.HoldAtPhaseAsync(id!, phase))
        {
            abort = await h.PostAsync($"api/upgrades/{Uri.EscapeDataString(id!)}/abort?reason=test", null);
        }

        var (abortStatus, abortBody) = abort;
        var view = await h.WaitForOutcomeAsync(id!);

        abortStatus.ShouldBe(HttpStatusCode.Accepted, abortBody);
        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Aborted), SeamlessHarness.Describe(view));
        view.Reason.ShouldNotBeNull().ShouldContain("aborted by api");
        h.Version("production").ShouldBe("v1");
        h.Version("staging").ShouldBe("v2");
        h.Sim.Snapshot().Site(SeamlessHarness.SiteName).Routing.Values.Sum().ShouldBe(0);
        h.Slot("production").TargetSwapSlot.ShouldBeNull();
        h.Slot("staging").TargetSwapSlot.ShouldBeNull();
        var swaps = h.Operations("slotsswap", before).Count(o => o.Result == "Succeeded");
        swaps.ShouldBe(phase == UpgradePhases.Guarding ? 2 : 0);
        if (h.RoutingPercentages(before) is { Count: > 0 } routing)
        {
            routing[^1].ShouldBe(0);
        }

        // The lease and the site lock are released: a new delivery starts a new upgrade.
        var (again, _, againBody) = await h.StartUpgradeAsync("v2", "after-abort-" + phase, strategy: "swap");
        again.ShouldBe(HttpStatusCode.Accepted, againBody);
    }

    [Fact]
    public async Task RunAsync_PendingPreviewNotStartedBySeamless_RejectedWithoutChanges()
    {
        await using var h = await SeamlessHarness.StartAsync();
        using var apply = await h.Arm.PostAsJsonAsync(
            new Uri(SeamlessHarness.SiteId + "/applySlotConfig?api-version=2024-04-01", UriKind.Relative),
            new { targetSlot = "staging" });
        apply.EnsureSuccessStatusCode();
        h.Slot("staging").TargetSwapSlot.ShouldNotBeNull();
        var before = h.Sim.Now;
        int operationsBefore = h.Sim.Operations.Count;

        var (status, id, body) = await h.StartUpgradeAsync("v2", "foreign-preview");
        var view = await h.WaitForOutcomeAsync(id!);

        status.ShouldBe(HttpStatusCode.Accepted, body);
        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Rejected), SeamlessHarness.Describe(view));
        view.Reason.ShouldNotBeNull().ShouldContain("not started by Seamless");
        h.Sim.Operations.Skip(operationsBefore).ShouldBeEmpty("validation must not write anything");
        h.Slot("staging").TargetSwapSlot.ShouldBe("production");
        h.Version("production").ShouldBe("v1");
        h.Operations("slotsswap", before).ShouldBeEmpty();
    }
}
