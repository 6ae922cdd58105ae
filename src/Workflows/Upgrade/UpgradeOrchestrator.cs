using Microsoft.DurableTask;

namespace Seamless.Workflows.Upgrade;

/// <summary>
/// The release workflow (<see cref="WorkflowNames.UpgradeOrchestrator"/>): validate → lease → config diff → phase 1 → verified warm-up → smoke →
/// canary → approval → swap → guard window → release. It only sequences: every rule is a Core gate,
/// every side effect an idempotent activity. Every failure or abort restores the site (reset the
/// preview, routing to 0 %, or swap back) and says why; a failure before anything was written to the site ends
/// <see cref="UpgradeOutcome.Rejected"/>, since there is nothing to roll back.
/// </summary>
public sealed class UpgradeOrchestrator : TaskOrchestrator<UpgradeInput, UpgradeResult>
{
    /// <inheritdoc />
    public override Task<UpgradeResult> RunAsync(TaskOrchestrationContext context, UpgradeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new UpgradeRun(context, input).ExecuteAsync();
    }
}
