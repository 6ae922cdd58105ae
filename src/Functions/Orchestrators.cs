using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Seamless.Workflows;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.Upgrade;

namespace Seamless.Functions;

/// <summary>Each Seamless orchestrator as a Durable function, under the name the embedded engine uses.</summary>
public static class Orchestrators
{
    [Function(WorkflowNames.UpgradeOrchestrator)]
    public static Task<object?> Upgrade([OrchestrationTrigger] TaskOrchestrationContext context) =>
        UpgradeOrchestrator.RunAsync(new OrchestrationContextAdapter(context));

    [Function(WorkflowNames.ScaleInOrchestrator)]
    public static Task<object?> ScaleIn([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ScaleInOrchestrator.RunAsync(new OrchestrationContextAdapter(context));

    [Function(WorkflowNames.ScaleOutOrchestrator)]
    public static Task<object?> ScaleOut([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ScaleOutOrchestrator.RunAsync(new OrchestrationContextAdapter(context));
}
