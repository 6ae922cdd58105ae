using Seamless.Core.ScaleIn;
using Seamless.Scenarios.Tests.Infrastructure;
using Seamless.Workflows;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;

namespace Seamless.Scenarios.Tests.ScaleIn;

/// <summary>
/// Scale-in scenarios of a 3-instance plan from the sweep's input to the decision, the capacity writes and the
/// journal and veto left behind, on both engines.
/// </summary>
public abstract class ScaleInOrchestratorTests(EngineKind engineKind)
{
    [Fact]
    public async Task ScaleIn_HighCpu_HeldWithoutCapacityWrite()
    {
        // Arrange: 80 % on 3 instances would be 120 % on 2.
        var world = new ScenarioWorld(capacity: 3) { PlanCpu = _ => 80 };
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);

        // Act
        var result = (await engine.RunAsync(WorkflowNames.ScaleInOrchestrator, ScenarioPolicies.ScaleInInput(), InstanceIds.ScaleIn(ScenarioWorld.Plan)))
            .ShouldHaveCompletedWith<ScaleInResult>();

        // Assert
        result.Outcome.ShouldBe("held");
        result.Decision.Action.ShouldBe(ScaleInAction.Hold);
        result.Decision.Reason.ShouldBe(ScaleInReasons.ProjectionCrossesLine);
        world.Writes.ShouldBeEmpty();
        (await JournalKindsAsync(engine)).ShouldBe(["decision"]);
    }

    [Fact]
    public async Task ScaleIn_LowCpuThatFitsOnFewerInstances_SteppedOnceAndKept()
    {
        // Arrange: 0.6 busy instances: 20 % on 3, 30 % on 2.
        var world = new ScenarioWorld(capacity: 3) { PlanCpu = capacity => 60.0 / capacity };
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        string[] expectedWrites = [AzureWrites.Capacity(2)];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.ScaleInOrchestrator, ScenarioPolicies.ScaleInInput(), InstanceIds.ScaleIn(ScenarioWorld.Plan)))
            .ShouldHaveCompletedWith<ScaleInResult>();

        // Assert
        result.Outcome.ShouldBe("scaled-in", result.Message);
        result.Decision.FromCapacity.ShouldBe(3);
        result.Decision.ToCapacity.ShouldBe(2);
        result.Verification!.Outcome.ShouldBe(VerificationOutcome.Keep);
        world.Writes.ShouldBe(expectedWrites);
        world.AppService.Capacity.ShouldBe(2);
        (await JournalKindsAsync(engine)).ShouldBe(["decision", "scale-in", "verified"], ignoreOrder: true);
        (await world.Store.GetAsync(StateKeys.Veto(ScenarioWorld.Plan), CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task ScaleIn_CpuOverTheLineAfterTheStep_RevertedAndVetoed()
    {
        // Arrange: the projection says 2 instances carry the load; once there, CPU sits at 97 %.
        var world = new ScenarioWorld(capacity: 3) { PlanCpu = capacity => capacity >= 3 ? 20 : 97 };
        await using var engine = await ScenarioEngine.StartAsync(engineKind, world);
        string instanceId = InstanceIds.ScaleIn(ScenarioWorld.Plan);
        string[] expectedWrites = [AzureWrites.Capacity(2), AzureWrites.Capacity(3)];

        // Act
        var result = (await engine.RunAsync(WorkflowNames.ScaleInOrchestrator, ScenarioPolicies.ScaleInInput(), instanceId))
            .ShouldHaveCompletedWith<ScaleInResult>();

        // Assert
        result.Outcome.ShouldBe("reverted");
        result.Verification!.Reason.ShouldBe(ScaleInVerification.CpuOverLine);
        world.Writes.ShouldBe(expectedWrites);
        world.AppService.Capacity.ShouldBe(3);
        var stored = (await world.Store.GetAsync(StateKeys.Veto(ScenarioWorld.Plan), CancellationToken.None)).ShouldNotBeNull();
        var veto = WorkflowJson.Deserialize<ScaleInVeto>(stored.Value).ShouldNotBeNull();
        veto.Source.ShouldBe(instanceId);
        veto.Reason.ShouldStartWith("a scale-in step hurt users");
        (await JournalKindsAsync(engine)).ShouldBe(["decision", "scale-in", "reverted"], ignoreOrder: true);
    }

    private static async Task<IReadOnlyList<string>> JournalKindsAsync(ScenarioEngine engine)
    {
        var journal = (DecisionJournal)engine.Services.GetService(typeof(DecisionJournal))!;
        return [.. (await journal.ListAsync(ScenarioWorld.Plan, 100, CancellationToken.None)).Select(e => e.Kind)];
    }
}

/// <summary>The scale-in scenarios on the embedded engine.</summary>
public sealed class ScaleInOrchestratorOnEmbeddedEngineTests() : ScaleInOrchestratorTests(EngineKind.Embedded);

/// <summary>The scale-in scenarios on the Durable Task SDK worker (DTFx executor, in process).</summary>
public sealed class ScaleInOrchestratorOnSdkEngineTests() : ScaleInOrchestratorTests(EngineKind.Sdk);
