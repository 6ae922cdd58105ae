using Seamless.Core.Resources;
using Seamless.Core.Upgrade;
using Seamless.Scenarios.Tests.Infrastructure;
using Seamless.Workflows;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;

namespace Seamless.Scenarios.Tests.Upgrade;

/// <summary>
/// Upgrade scenarios from the input the API builds to the outcome, the App Service writes and the state left behind,
/// on both engines (<see cref="UpgradeOrchestratorOnEmbeddedEngineTests"/>, <see cref="UpgradeOrchestratorOnSdkEngineTests"/>).
/// </summary>
public abstract class UpgradeOrchestratorTests(EngineKind engineKind)
{
    [Fact]
    public async Task Upgrade_SwapStrategyHealthyBuild_PromotedWithOneSwap()
    {
        // Arrange
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade());
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Swap];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, ScenarioPolicies.UpgradeInstanceId(input)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        result.SwapAt.ShouldNotBeNull();
        world.Writes.ShouldBe(expectedWrites);
        world.AppService.BuildIn(SlotNames.Production).ShouldBe(FakeAppService.NewBuild);
        world.AppService.PendingPreview.ShouldBeNull();
        result.Status.Verdicts.Select(v => v.Gate).ShouldContain(VerdictGate.Guard);
        await world.ShouldHaveReleasedThePlanLeaseAsync();
    }

    [Fact]
    public async Task Upgrade_SameVersionAgainAfterItWasPromoted_AlreadyServingAndNothingWritten()
    {
        // Arrange: the release of v2 is promoted; CI (or a replay) asks for v2 again, with v1 now in staging.
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var first = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade());
        var promoted = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, first, ScenarioPolicies.UpgradeInstanceId(first)))
            .ShouldHaveCompletedWith<UpgradeResult>();
        int writesBefore = world.Writes.Count;
        var again = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade());

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, again, ScenarioPolicies.UpgradeInstanceId(again)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        promoted.Outcome.ShouldBe(UpgradeOutcome.Promoted, promoted.Reason);
        result.Outcome.ShouldBe(UpgradeOutcome.AlreadyServing, result.Reason);
        result.Reason.ShouldBe($"production already runs {FakeAppService.NewBuild} (app setting {BuildIdentityPolicy.DefaultAppSetting}); nothing to release");
        world.Writes.Count.ShouldBe(writesBefore);
        world.AppService.BuildIn(SlotNames.Production).ShouldBe(FakeAppService.NewBuild);
        await world.ShouldHaveReleasedThePlanLeaseAsync();
    }

    [Fact]
    public async Task Upgrade_RequestedVersionIsNotTheBuildInStaging_RejectedNamingBothWithoutAnyWrite()
    {
        // Arrange: CI asks for v3 while staging runs v2.
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade()) with { Version = "v3" };

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, ScenarioPolicies.UpgradeInstanceId(input)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Rejected, result.Reason);
        result.Reason.ShouldBe($"{ScenarioWorld.Staging} runs {FakeAppService.NewBuild}, not the requested v3 (app setting {BuildIdentityPolicy.DefaultAppSetting})");
        world.Writes.ShouldBeEmpty();
        result.Status.Build.ShouldNotBeNull().Source.ShouldBe(new ObservedBuild(ScenarioWorld.Staging, FakeAppService.NewBuild));
        world.ShouldBeAsBeforeTheRelease();
    }

    [Fact]
    public async Task Upgrade_CanaryStrategyHealthyBuild_PromotedAfterEveryRoutingStep()
    {
        // Arrange
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade(), strategy: "canary");
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Routing(10), AzureWrites.Routing(50), AzureWrites.RoutingOff, AzureWrites.Swap];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, ScenarioPolicies.UpgradeInstanceId(input)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        world.Writes.ShouldBe(expectedWrites);
        result.Status.Verdicts.Where(v => v.Gate.Kind == VerdictGateKind.Canary).Select(v => (v.Gate, v.Outcome))
            .ShouldBe([(VerdictGate.Canary(10), VerdictOutcome.Pass), (VerdictGate.Canary(50), VerdictOutcome.Pass)]);
        world.AppService.BuildIn(SlotNames.Production).ShouldBe(FakeAppService.NewBuild);
        world.AppService.Routing.ShouldBeEmpty();
    }

    [Fact]
    public async Task Upgrade_CanaryOfDegradedBuild_RolledBackWithRoutingOffAndPreviewResetWithoutSwap()
    {
        // Arrange
        var world = new ScenarioWorld { NewBuildHealth = BuildHealth.Degraded };
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade(), strategy: "canary");
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Routing(10), AzureWrites.RoutingOff, AzureWrites.ResetSlotConfig];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, ScenarioPolicies.UpgradeInstanceId(input)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack);
        result.Reason.ShouldStartWith("canary failed at 10 %");
        result.SwapAt.ShouldBeNull();
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
        await world.ShouldHaveReleasedThePlanLeaseAsync();
    }

    [Fact]
    public async Task Upgrade_ProductionDegradesAfterSwap_SwappedBackAndRolledBack()
    {
        // Arrange
        var world = new ScenarioWorld { NewBuildHealth = BuildHealth.Degraded };
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade());

        // Swap, then for the swap back: prepare the previous build (now in staging) and swap it in again.
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Swap, AzureWrites.ApplySlotConfig, AzureWrites.Swap];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, ScenarioPolicies.UpgradeInstanceId(input)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack);
        result.Reason.ShouldStartWith("production degraded after the swap");
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
        await world.ShouldHaveReleasedThePlanLeaseAsync();
    }

    [Fact]
    public async Task Upgrade_ApprovalRequiredAndGiven_Promoted()
    {
        // Arrange
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var policy = ScenarioPolicies.Upgrade();
        var input = ScenarioPolicies.UpgradeInput(policy with { Approval = policy.Approval with { Required = true } });
        string instanceId = ScenarioPolicies.UpgradeInstanceId(input);
        await engine.StartAsync(WorkflowNames.UpgradeOrchestrator, input, instanceId);
        await engine.WaitForStatusAsync<UpgradeStatus>(instanceId, s => s.Phase == UpgradePhases.Approval);
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Swap];

        // Act
        await engine.Client.RaiseEventAsync(instanceId, WorkflowNames.ApproveEvent, new ApproveRequest("release-manager", "ab12cd34"));
        var result = (await engine.WaitForCompletionAsync(instanceId)).ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        var record = await world.UpgradeRecordAsync(instanceId);
        record.Verdicts.ShouldContain(v => v.Gate == VerdictGate.Approval && v.Outcome == VerdictOutcome.Pass && v.Message == "approved by release-manager with key ab12cd34");
        record.Timeline.ShouldContain(e => e.Phase == UpgradePhases.Approval && e.Message.Contains("with key ab12cd34"));
        world.Writes.ShouldBe(expectedWrites);
    }

    [Fact]
    public async Task Upgrade_MisspelledSourceSlot_RejectedNamingTheSlotWithNoWrite()
    {
        // Arrange: ARM answers 404 for a slot that does not exist; the adapter says so with AzureRequestRefusedException,
        // which is not retried, so the first answer is final.
        var world = new ScenarioWorld();
        int attempts = 0;
        world.AppService.ReadFault = read => read == "getSite stagign" && Interlocked.Increment(ref attempts) > 0
            ? new AzureRequestRefusedException(404, "ResourceNotFound", "The Resource 'Microsoft.Web/sites/app-scenario/slots/stagign' was not found.")
            : null;
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade()) with { SourceSlot = "stagign" };
        string instanceId = ScenarioPolicies.UpgradeInstanceId(input);

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, instanceId)).ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Rejected, result.Reason);
        result.Reason.ShouldStartWith("Validating/slot 'stagign' failed before anything was changed on the site");
        result.Reason.ShouldContain("404 ResourceNotFound");
        attempts.ShouldBe(1, "a refusal is not retried");
        world.Writes.ShouldBeEmpty();
        world.ShouldBeAsBeforeTheRelease();
        (await world.UpgradeRecordAsync(instanceId)).Verdicts.ShouldContain(v => v.Gate == VerdictGate.Validation && v.Outcome == VerdictOutcome.Fail);
    }

    [Fact]
    public async Task Upgrade_NoProductionDataAfterSwap_InconclusiveGuardSwappedBackPerPolicy()
    {
        // Arrange: the new build serves but Azure Monitor shows no requests for it.
        var world = new ScenarioWorld { NewBuildHealth = BuildHealth.Silent };
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade());
        string instanceId = ScenarioPolicies.UpgradeInstanceId(input);
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Swap, AzureWrites.ApplySlotConfig, AzureWrites.Swap];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, instanceId)).ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack, result.Reason);
        result.Reason.ShouldStartWith("no evidence in the guard window: swapped back per policy");
        var guard = (await world.UpgradeRecordAsync(instanceId)).Verdicts.Where(v => v.Gate == VerdictGate.Guard).Select(v => v.Outcome).ToList();
        guard.ShouldNotBeEmpty();
        guard.ShouldAllBe(o => o == VerdictOutcome.Inconclusive);
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
        await world.ShouldHaveReleasedThePlanLeaseAsync();
    }

    [Fact]
    public async Task Upgrade_NoProductionDataAfterSwapAndPolicyPromotes_PromotedSayingNothingWasJudged()
    {
        // Arrange
        var world = new ScenarioWorld { NewBuildHealth = BuildHealth.Silent };
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade() with { GuardWithoutEvidence = GuardWithoutEvidenceAction.Promote });
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Swap];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, ScenarioPolicies.UpgradeInstanceId(input)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        result.Reason.ShouldContain("no evidence in the guard window: promoted per policy");
        world.Writes.ShouldBe(expectedWrites);
        world.AppService.BuildIn(SlotNames.Production).ShouldBe(FakeAppService.NewBuild);
    }

    [Fact]
    public async Task Upgrade_CanaryWithoutDataForTheNewBuild_InconclusiveAndRolledBackFailClosed()
    {
        // Arrange
        var world = new ScenarioWorld { NewBuildHealth = BuildHealth.Silent };
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade(), strategy: "canary");
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Routing(10), AzureWrites.RoutingOff, AzureWrites.ResetSlotConfig];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, ScenarioPolicies.UpgradeInstanceId(input)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack, result.Reason);
        result.Reason.ShouldStartWith("canary inconclusive at 10 %");
        result.Status.Verdicts.Single(v => v.Gate == VerdictGate.Canary(10)).Outcome.ShouldBe(VerdictOutcome.Inconclusive);
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
    }

    [Fact]
    public async Task Upgrade_ApprovalRequiredButNotGiven_AbortedWithPreviewReset()
    {
        // Arrange
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var policy = ScenarioPolicies.Upgrade();
        var input = ScenarioPolicies.UpgradeInput(policy with { Approval = policy.Approval with { Required = true, Timeout = TimeSpan.FromMilliseconds(500) } });
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.ResetSlotConfig];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, ScenarioPolicies.UpgradeInstanceId(input)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Aborted);
        result.Reason.ShouldStartWith("approval timed out");
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
        await world.ShouldHaveReleasedThePlanLeaseAsync();
    }

    [Fact]
    public async Task Upgrade_SetRoutingRefusedPastRetries_SiteRestoredLeaseAndSiteLockReleased()
    {
        // Arrange: ArgumentException is not retried (the orchestrator's retry policy), so the first refusal is final.
        var world = new ScenarioWorld();
        world.AppService.Fault = write => write.StartsWith("setRouting staging", StringComparison.Ordinal)
            ? new ArgumentException("rampUpRules[0].reroutePercentage is invalid")
            : null;
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade(), strategy: "canary");
        string instanceId = ScenarioPolicies.UpgradeInstanceId(input);
        string siteLock = StateKeys.SiteLock(ScenarioWorld.Site);
        await world.Store.TryWriteAsync(
            siteLock, WorkflowJson.Serialize(new SiteLockRecord(instanceId, input.DeliveryId, input.RequestedAt))!, null, CancellationToken.None);
        // The orchestrator cannot tell a refused routing write from one that landed before its activity failed,
        // so the restore routes 0 % again: an absolute write, harmless when nothing had changed.
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.RoutingOff, AzureWrites.ResetSlotConfig];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, instanceId)).ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack);
        result.Reason.ShouldContain("rampUpRules[0].reroutePercentage is invalid");
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
        await world.ShouldHaveReleasedThePlanLeaseAsync();
        (await world.Store.GetAsync(siteLock, CancellationToken.None)).ShouldBeNull("ReleaseSiteLock did not run");
    }

    [Fact]
    public async Task Upgrade_SetRoutingLandsButFailsForGood_RoutingTurnedOffAgain()
    {
        // Arrange: ARM applied the 10 % rule, but the activity failed for good (FormatException is not retried; a
        // retryable error past the last retry ends the same way, only a minute later).
        var world = new ScenarioWorld();
        world.AppService.FaultAfterWrite = write => write == AzureWrites.Routing(10) ? new FormatException("the config/web response was unreadable") : null;
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade(), strategy: "canary");
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Routing(10), AzureWrites.RoutingOff, AzureWrites.ResetSlotConfig];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, ScenarioPolicies.UpgradeInstanceId(input)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack);
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
    }

    [Fact]
    public async Task Upgrade_SwapLandsButFailsForGood_SwappedBack()
    {
        // Arrange: ARM swapped, but the activity failed for good (the swap's own retry would have found the newer
        // slotSwapStatus; a non-retried failure never gets there).
        var world = new ScenarioWorld();
        int swaps = 0;
        world.AppService.FaultAfterWrite = write => write == AzureWrites.Swap && Interlocked.Increment(ref swaps) == 1
            ? new FormatException("the swap operation's status was unreadable")
            : null;
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade());
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Swap, AzureWrites.ApplySlotConfig, AzureWrites.Swap];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, ScenarioPolicies.UpgradeInstanceId(input)))
            .ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack);
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
    }
}

/// <summary>The upgrade scenarios on the embedded engine.</summary>
public sealed class UpgradeOrchestratorOnEmbeddedEngineTests() : UpgradeOrchestratorTests(EngineKind.Embedded);

/// <summary>The upgrade scenarios on the Durable Task SDK worker (DTFx executor, in process).</summary>
public sealed class UpgradeOrchestratorOnSdkEngineTests() : UpgradeOrchestratorTests(EngineKind.Sdk);
