using Microsoft.DurableTask;
using Seamless.Core.Model;
using Seamless.Core.ScaleIn;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.State;

namespace Seamless.Workflows.ScaleIn;

/// <summary>The alert fast path: a bounded scale-out now (the veto is set by the alert router).</summary>
public sealed class ScaleOutOrchestrator : TaskOrchestrator<ScaleOutInput, ScaleOutDecision>
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(20)));

    /// <summary>The orchestrator body registered as <see cref="WorkflowNames.ScaleOutOrchestrator"/>.</summary>
    public override async Task<ScaleOutDecision> RunAsync(TaskOrchestrationContext context, ScaleOutInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var now = DurableTime.Now(context);
        var plan = await context.CallActivityAsync<PlanState>(ActivityNames.GetPlan, input.PlanId, Retry);
        var decision = ScaleOutRule.Compute(plan.Capacity, plan.MaximumNumberOfWorkers, input.Policy ?? ScaleInPolicy.Default);
        context.SetCustomStatus(decision);
        if (decision.ToCapacity > plan.Capacity)
        {
            await context.CallActivityAsync<PlanState>(ActivityNames.SetPlanCapacity, new CapacityRequest(input.PlanId, decision.ToCapacity), Retry);
            await context.CallActivityAsync<CapacityHistory>(ActivityNames.ObserveCapacity, new CapacityObservation(input.PlanId, decision.ToCapacity, now, SetBySeamless: true), Retry);
        }

        await context.CallActivityAsync<bool>(
            ActivityNames.AppendJournal,
            new JournalEntry(input.PlanId, now, "scale-out", $"scaled out {decision.FromCapacity} → {decision.ToCapacity}: {input.Reason}", context.InstanceId, decision),
            Retry);
        return decision;
    }
}
