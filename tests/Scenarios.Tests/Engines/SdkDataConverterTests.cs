using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Seamless.Core.ScaleIn;
using Seamless.Scenarios.Tests.Infrastructure;
using Seamless.Workflows;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.ScaleIn;

namespace Seamless.Scenarios.Tests.Engines;

/// <summary>The SDK engine speaks the one JSON convention (<see cref="WorkflowJson"/>) on the worker and the client, as the embedded engine does.</summary>
public sealed class SdkDataConverterTests
{
    [Fact]
    public async Task UseWorkflowJson_SdkTestHost_WorkerAndClientOptionsCarryTheWorkflowConverter()
    {
        // Arrange
        await using var engine = await ScenarioEngine.StartAsync(EngineKind.Sdk, new ScenarioWorld());

        // Act
        var services = engine.Services;

        // Assert: the base options and the gRPC options each side actually runs with.
        services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName).DataConverter.ShouldBeSameAs(WorkflowJson.DataConverter);
        services.GetRequiredService<IOptionsMonitor<GrpcDurableTaskWorkerOptions>>().Get(Options.DefaultName).DataConverter.ShouldBeSameAs(WorkflowJson.DataConverter);
        services.GetRequiredService<IOptionsMonitor<DurableTaskClientOptions>>().Get(Options.DefaultName).DataConverter.ShouldBeSameAs(WorkflowJson.DataConverter);
        services.GetRequiredService<IOptionsMonitor<GrpcDurableTaskClientOptions>>().Get(Options.DefaultName).DataConverter.ShouldBeSameAs(WorkflowJson.DataConverter);
    }

    [Fact]
    public async Task UseWorkflowJson_OrchestrationOnSdkEngine_InputAndOutputAreWorkflowJson()
    {
        // Arrange
        var world = new ScenarioWorld(capacity: 3) { PlanCpu = _ => 100 }; // saturated, so the scale-out is confirmed whatever headroom was learned
        await using var engine = await ScenarioEngine.StartAsync(EngineKind.Sdk, world);
        var input = new ScaleOutInput(ScenarioWorld.PlanId, "json check", "alert-json");

        // Act
        var metadata = await engine.RunAsync(WorkflowNames.ScaleOutOrchestrator, input, $"json-{Guid.NewGuid():N}");

        // Assert: camelCase on the wire (the SDK's default converter writes PascalCase), and it reads back.
        metadata.SerializedInput.ShouldBe(WorkflowJson.Serialize(input));
        metadata.SerializedOutput.ShouldNotBeNull().ShouldContain("\"toCapacity\":4");
        metadata.ShouldHaveCompletedWith<ScaleOutDecision>().ToCapacity.ShouldBe(4);
    }
}
