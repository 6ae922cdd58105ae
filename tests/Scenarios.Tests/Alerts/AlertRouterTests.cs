using Microsoft.Extensions.DependencyInjection;
using Seamless.Core.Alerts;
using Seamless.Core.Model;
using Seamless.Core.ScaleIn;
using Seamless.Scenarios.Tests.Infrastructure;
using Seamless.Workflows;
using Seamless.Workflows.Alerts;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;

namespace Seamless.Scenarios.Tests.Alerts;

/// <summary>
/// The alert fast path as the API runs it (<see cref="AlertRouter.HandleAsync"/> with the engine's client), on both
/// engines: a capacity alert scales out and vetoes scale-in; a site alert aborts the release in flight.
/// </summary>
public abstract class AlertRouterTests(EngineKind engineKind)
{
    [Fact]
    public async Task HandleAsync_CapacityAlertFiredOnPlan_BoundedScaleOutAndVetoThatHoldsScaleIn()
    {
        // Arrange: a plan whose load would otherwise allow a scale-in.
        var world = new ScenarioWorld(capacity: 3) { PlanCpu = capacity => 60.0 / capacity };
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var router = engine.Services.GetRequiredService<AlertRouter>();
        var alert = AlertPayloads.MetricAlert("Fired", ScenarioWorld.PlanId, MetricNames.CpuPercentage, MetricNames.PlanNamespace);
        string[] expectedWrites = [AzureWrites.Capacity(4)];

        // Act
        var outcome = await router.HandleAsync(engine.Client, alert, CancellationToken.None);
        var scaleOut = (await engine.WaitForCompletionAsync(outcome.InstanceId.ShouldNotBeNull())).ShouldHaveCompletedWith<ScaleOutDecision>();
        var scaleIn = (await engine.RunAsync(WorkflowNames.ScaleInOrchestrator, ScenarioPolicies.ScaleInInput(), InstanceIds.ScaleIn(ScenarioWorld.Plan)))
            .ShouldHaveCompletedWith<ScaleInResult>();

        // Assert
        outcome.Action.Kind.ShouldBe(AlertActionKind.ScaleOutAndVeto);
        outcome.Duplicate.ShouldBeFalse();
        (scaleOut.FromCapacity, scaleOut.ToCapacity).ShouldBe((3, 4));
        var stored = (await world.Store.GetAsync(StateKeys.Veto(ScenarioWorld.Plan), CancellationToken.None)).ShouldNotBeNull();
        WorkflowJson.Deserialize<ScaleInVeto>(stored.Value)!.Source.ShouldBe(alert.AlertId);
        scaleIn.Outcome.ShouldBe("held");
        scaleIn.Decision.Reason.ShouldBe(ScaleInReasons.VetoActive);
        world.Writes.ShouldBe(expectedWrites);
    }

    [Fact]
    public async Task HandleAsync_SiteAlertFiredDuringGuardWindow_ReleaseSwappedBackAndAborted()
    {
        // Arrange: a release in its guard window holding the site lock, as the starter leaves it.
        var world = new ScenarioWorld();
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        var router = engine.Services.GetRequiredService<AlertRouter>();
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade() with { GuardWindow = ScenarioPolicies.Long });
        string instanceId = ScenarioPolicies.UpgradeInstanceId(input);
        await world.Store.TryWriteAsync(
            StateKeys.SiteLock(ScenarioWorld.Site), WorkflowJson.Serialize(new SiteLockRecord(instanceId, input.DeliveryId, input.RequestedAt))!, null, CancellationToken.None);
        await engine.StartAsync(WorkflowNames.UpgradeOrchestrator, input, instanceId);
        await engine.WaitForStatusAsync<UpgradeStatus>(instanceId, s => s.Phase == UpgradePhases.Guarding);
        var alert = AlertPayloads.MetricAlert("Fired", ScenarioWorld.SiteId, MetricNames.Http5xx, MetricNames.SiteNamespace);
        string[] expectedWrites = [AzureWrites.ApplySlotConfig, AzureWrites.Swap, AzureWrites.ApplySlotConfig, AzureWrites.Swap];

        // Act
        var outcome = await router.HandleAsync(engine.Client, alert, CancellationToken.None);
        var result = (await engine.WaitForCompletionAsync(instanceId)).ShouldHaveCompletedWith<UpgradeResult>();

        // Assert
        outcome.Action.Kind.ShouldBe(AlertActionKind.AbortRelease);
        outcome.InstanceId.ShouldBe(instanceId);
        result.Outcome.ShouldBe(UpgradeOutcome.Aborted);
        result.Reason.ShouldContain($"alert:{alert.AlertRule}");
        world.Writes.ShouldBe(expectedWrites);
        world.ShouldBeAsBeforeTheRelease();
    }
}

/// <summary>The alert scenarios on the embedded engine.</summary>
public sealed class AlertRouterOnEmbeddedEngineTests() : AlertRouterTests(EngineKind.Embedded);

/// <summary>The alert scenarios on the Durable Task SDK worker (DTFx executor, in process).</summary>
public sealed class AlertRouterOnSdkEngineTests() : AlertRouterTests(EngineKind.Sdk);
