using Seamless.Scenarios.Tests.Infrastructure;
using Seamless.Workflows;
using Seamless.Workflows.Upgrade;

namespace Seamless.Scenarios.Tests.Engines;

/// <summary>The same scenario on both engines side by side: the same writes to Azure, in the same order, for the same reasons.</summary>
public sealed class EngineParityTests
{
    [Fact]
    public async Task Upgrade_CanaryOfDegradedBuildOnBothEngines_SameWritesVerdictsAndOutcome()
    {
        // Arrange
        var onEmbedded = RunDegradedCanaryAsync(EngineKind.Embedded);
        var onSdk = RunDegradedCanaryAsync(EngineKind.Sdk);

        // Act
        var (embeddedWrites, embeddedRecord) = await onEmbedded;
        var (sdkWrites, sdkRecord) = await onSdk;

        // Assert
        embeddedWrites.ShouldNotBeEmpty();
        sdkWrites.ShouldBe(embeddedWrites);
        sdkRecord.Outcome.ShouldBe(embeddedRecord.Outcome);
        sdkRecord.Reason.ShouldBe(embeddedRecord.Reason);
        sdkRecord.Verdicts.Select(v => (v.Phase, v.Gate, v.Outcome)).ShouldBe(embeddedRecord.Verdicts.Select(v => (v.Phase, v.Gate, v.Outcome)));
    }

    private static async Task<(IReadOnlyList<string> Writes, UpgradeStatus Record)> RunDegradedCanaryAsync(EngineKind kind)
    {
        var world = new ScenarioWorld { NewBuildHealth = BuildHealth.Degraded };
        await using var engine = await ScenarioEngine.StartAsync(kind, world);
        var input = ScenarioPolicies.UpgradeInput(ScenarioPolicies.Upgrade(), strategy: "canary");
        string instanceId = ScenarioPolicies.UpgradeInstanceId(input);
        (await engine.RunAsync(WorkflowNames.UpgradeOrchestrator, input, instanceId)).ShouldHaveCompletedWith<UpgradeResult>();
        return (world.Writes, await world.UpgradeRecordAsync(instanceId));
    }
}
