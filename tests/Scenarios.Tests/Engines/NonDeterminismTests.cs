using Seamless.Durable;
using Seamless.Scenarios.Tests.Infrastructure;

namespace Seamless.Scenarios.Tests.Engines;

/// <summary>Replay safety is enforced, not only reviewed: both engines fail an orchestrator whose replay drifts from its history.</summary>
public sealed class NonDeterminismTests
{
    [Fact]
    public async Task Replay_ActivityNameDriftsOnSdkEngine_InstanceFailsWithDtfxNonDeterminismError()
    {
        // Arrange
        await using var engine = await ScenarioEngine.StartAsync(EngineKind.Sdk, new ScenarioWorld(), DriftingOrchestrator.Register);

        // Act
        var result = await engine.RunAsync(DriftingOrchestrator.Name, "ping", $"drift-sdk-{Guid.NewGuid():N}");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Failed);
        var failure = result.FailureDetails.ShouldNotBeNull();
        failure.ErrorType.ShouldBe("DurableTask.Core.Exceptions.NonDeterministicOrchestrationException");
        failure.ErrorMessage.ShouldStartWith(NonDeterministicOrchestrationException.MessagePrefix);
        failure.ErrorMessage.ShouldContain(
            $"scheduled an activity task with sequence number 0 named '{DriftingOrchestrator.FirstActivity}', but the current orchestration replay instead scheduled an activity task named '{DriftingOrchestrator.DriftedActivity}'");
    }

    [Fact]
    public async Task Replay_ActivityNameDriftsOnEmbeddedEngine_InstanceFailsWithNonDeterministicOrchestrationException()
    {
        // Arrange
        await using var engine = await ScenarioEngine.StartAsync(EngineKind.Embedded, new ScenarioWorld(), DriftingOrchestrator.Register);

        // Act
        var result = await engine.RunAsync(DriftingOrchestrator.Name, "ping", $"drift-embedded-{Guid.NewGuid():N}");

        // Assert
        result.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Failed);
        var failure = result.FailureDetails.ShouldNotBeNull();
        failure.ErrorType.ShouldBe(typeof(NonDeterministicOrchestrationException).FullName);
        failure.ErrorMessage.ShouldStartWith(NonDeterministicOrchestrationException.MessagePrefix);
        failure.ErrorMessage.ShouldContain($"expected activity '{DriftingOrchestrator.FirstActivity}' at sequence 0 but the orchestrator scheduled activity '{DriftingOrchestrator.DriftedActivity}'");
    }
}
