using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Seamless.Core.ScaleIn;
using Seamless.Workflows;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.Upgrade;

namespace Seamless.Functions;

/// <summary>
/// Each Seamless orchestrator as a Durable function, under the name the embedded engine uses. The
/// trigger's <see cref="TaskOrchestrationContext"/> goes to the orchestrator unchanged: there is one
/// contract; in Functions the context deserializes the input with the worker's serializer.
/// </summary>
public static class Orchestrators
{
    [Function(WorkflowNames.UpgradeOrchestrator)]
    public static Task<UpgradeResult> Upgrade([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new UpgradeOrchestrator().RunAsync(context, Input<UpgradeInput>(context));

    [Function(WorkflowNames.ScaleInOrchestrator)]
    public static Task<ScaleInResult> ScaleIn([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ScaleInOrchestrator().RunAsync(context, Input<ScaleInInput>(context));

    [Function(WorkflowNames.ScaleOutOrchestrator)]
    public static Task<ScaleOutDecision> ScaleOut([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ScaleOutOrchestrator().RunAsync(context, Input<ScaleOutInput>(context));

    private static T Input<T>(TaskOrchestrationContext context)
        where T : class =>
        context.GetInput<T>() ?? throw new InvalidOperationException($"The {typeof(T).Name} input of '{context.Name}' is missing.");
}
