using Seamless.Scenarios.Tests.Infrastructure;
using Seamless.Workflows;
using Seamless.Workflows.Upgrade;

namespace Seamless.Scenarios.Tests.Upgrade;

/// <summary>
/// An operator's abort (<see cref="WorkflowNames.AbortEvent"/>) in each phase that waits: the upgrade ends Aborted
/// and the site is as it was, whatever the phase had changed. Each scenario waits for the phase in the custom
/// status, then raises the event; the phase's own timer is long, so the abort is the only way out.
/// </summary>
public abstract class UpgradeAbortTests(EngineKind engineKind)
{
    private static readonly AbortRequest Abort = new("operator pressed abort", "api");

    [Fact]
    public async Task Abort_DuringWarmUp_AbortedWithPreviewReset()
    {
        // Arrange: the new build never warms.
        var world = new ScenarioWorld();
        world.Probe.Warm = false;
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade());
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.ResetSlotConfig];

        // Act
        var result = await AbortInAsync(engine, input, s => s.Phase == UpgradePhases.WarmingUp);

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Aborted);
        result.Reason.ShouldBe("aborted by api: operator pressed abort");
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
        await world.ShouldHaveReleasedThePlanLeaseAsync();
    }

    [Fact]
    public async Task Abort_DuringCanaryStep_AbortedWithRoutingOffAndPreviewReset()
    {
        // Arrange: a canary step longer than any scenario.
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var policy = ScenarioPolicies.Upgrade();
        var input = ScenarioPolicies.UpgradeInput(policy with { Canary = policy.Canary with { StepInterval = ScenarioPolicies.Long } }, strategy: "canary");
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Routing(10), AzureWrites.RoutingOff, AzureWrites.ResetSlotConfig];

        // Act
        var result = await AbortInAsync(engine, input, s => s.Phase == UpgradePhases.Canary && s.RoutingPercentage == 10);

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Aborted);
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
        await world.ShouldHaveReleasedThePlanLeaseAsync();
    }

    [Fact]
    public async Task Abort_WhileWaitingForApproval_AbortedWithPreviewReset()
    {
        // Arrange
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var policy = ScenarioPolicies.Upgrade();
        var input = ScenarioPolicies.UpgradeInput(policy with { Approval = policy.Approval with { Required = true } });
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.ResetSlotConfig];

        // Act: an operator names themselves, and the API adds the fingerprint of the key they used.
        var result = await AbortInAsync(engine, input, s => s.Phase == UpgradePhases.Approval, new AbortRequest("evidence looks wrong", "api", "oncall", "0f1e2d3c"));

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Aborted);
        result.Reason.ShouldBe("aborted by api (oncall with key 0f1e2d3c): evidence looks wrong");
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
        await world.ShouldHaveReleasedThePlanLeaseAsync();
    }

    [Fact]
    public async Task Abort_DuringGuardWindow_SwappedBackAndAborted()
    {
        // Arrange: a healthy build and a guard window longer than any scenario.
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade() with { GuardWindow = ScenarioPolicies.Long });
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Swap, AzureWrites.ApplySlotConfig, AzureWrites.Swap];

        // Act
        var result = await AbortInAsync(engine, input, s => s.Phase == UpgradePhases.Guarding);

        // Assert
        result.Outcome.ShouldBe(UpgradeOutcome.Aborted);
        result.SwapAt.ShouldBeNull();
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
        await world.ShouldHaveReleasedThePlanLeaseAsync();
    }

    private static async Task<UpgradeResult> AbortInAsync(ScenarioEngine engine, UpgradeInput input, Func<UpgradeStatus, bool> phase, AbortRequest? abort = null)
    {
        string instanceId = ScenarioPolicies.UpgradeInstanceId(input);
        await engine.StartAsync(WorkflowNames.UpgradeOrchestrator, input, instanceId);
        await engine.WaitForStatusAsync(instanceId, phase);
        await engine.Client.RaiseEventAsync(instanceId, WorkflowNames.AbortEvent, abort ?? Abort);
        return (await engine.WaitForCompletionAsync(instanceId)).ShouldHaveCompletedWith<UpgradeResult>();
    }
}

/// <summary>The abort scenarios on the embedded engine.</summary>
public sealed class UpgradeAbortOnEmbeddedEngineTests() : UpgradeAbortTests(EngineKind.Embedded);

/// <summary>The abort scenarios on the Durable Task SDK worker (DTFx executor, in process).</summary>
public sealed class UpgradeAbortOnSdkEngineTests() : UpgradeAbortTests(EngineKind.Sdk);
