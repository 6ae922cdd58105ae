using System.Net;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Tests.Infrastructure;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Upgrade;

/// <summary>
/// Build identity against the simulator (real HTTP, the simulator's <c>SEAMLESS_BUILD_VERSION</c> setting that moves with
/// the content on swap): a release only swaps the build it identified, and says which build it observed.
/// </summary>
public sealed class UpgradeBuildIdentityTests
{
    /// <summary>Every ARM operation of the simulator that changes a site or plan.</summary>
    private static readonly string[] Writes =
        ["applySlotConfig", "resetSlotConfig", "slotsswap", "setRouting", "updateConfig", "setCapacity", "restart", "updateAppSettings", "updateSlotConfigNames"];

    [Fact]
    public async Task RunAsync_PromotedVersionRequestedAgain_AlreadyServingAndNothingWrittenToAzure()
    {
        await using var h = await SeamlessHarness.StartAsync();
        var (_, first, _) = await h.StartUpgradeAsync("v2", "release-v2", strategy: "swap");
        var promoted = await h.WaitForOutcomeAsync(first!);
        var before = h.Sim.Now;

        var (status, again, body) = await h.StartUpgradeAsync("v2", "release-v2-again", strategy: "swap");
        var view = await h.WaitForOutcomeAsync(again!);

        promoted.Outcome.ShouldBe(nameof(UpgradeOutcome.Promoted), SeamlessHarness.Describe(promoted));
        promoted.Reason.ShouldNotBeNull().ShouldStartWith("v2 is serving production (app setting SEAMLESS_BUILD_VERSION, read after the swap)");
        status.ShouldBe(HttpStatusCode.Accepted, body);
        view.Outcome.ShouldBe(nameof(UpgradeOutcome.AlreadyServing), SeamlessHarness.Describe(view));
        view.Reason.ShouldBe("production already runs v2 (app setting SEAMLESS_BUILD_VERSION); nothing to release");
        h.Sim.Operations.Where(o => o.SimTime >= before && Writes.Contains(o.Kind)).ShouldBeEmpty();
        h.Version("production").ShouldBe("v2");
        h.Version("staging").ShouldBe("v1");
    }

    [Fact]
    public async Task RunAsync_RequestedVersionIsNotTheBuildInStaging_RejectedNamingBothBeforeAnyWrite()
    {
        await using var h = await SeamlessHarness.StartAsync();
        var before = h.Sim.Now;

        var (_, id, _) = await h.StartUpgradeAsync("v11", "release-v11", strategy: "swap");
        var view = await h.WaitForOutcomeAsync(id!);

        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Rejected), SeamlessHarness.Describe(view));
        view.Reason.ShouldBe("staging runs v2, not the requested v11 (app setting SEAMLESS_BUILD_VERSION)");
        view.Build.ShouldNotBeNull().Target.ShouldNotBeNull().Version.ShouldBe("v1");
        h.Sim.Operations.Where(o => o.SimTime >= before && Writes.Contains(o.Kind)).ShouldBeEmpty();
        h.Version("production").ShouldBe("v1");
    }

    [Fact]
    public async Task RunAsync_CiDeployedWithoutRecordingTheVersion_RejectedSayingTheBuildIsUnidentified()
    {
        await using var h = await SeamlessHarness.StartAsync();
        h.Sim.Deploy(SeamlessHarness.SiteName, "staging", new BuildSpec { Version = "v3" }, recordedVersion: string.Empty);
        var before = h.Sim.Now;

        var (_, id, _) = await h.StartUpgradeAsync("v3", "release-v3", strategy: "swap");
        var view = await h.WaitForOutcomeAsync(id!);

        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Rejected), SeamlessHarness.Describe(view));
        view.Reason.ShouldNotBeNull().ShouldContain("the build in staging could not be identified: its app setting SEAMLESS_BUILD_VERSION is not set");
        h.Sim.Operations.Where(o => o.SimTime >= before && Writes.Contains(o.Kind)).ShouldBeEmpty();
    }
}
