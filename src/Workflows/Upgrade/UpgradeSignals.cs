using Microsoft.DurableTask.Client;
using Seamless.Workflows.Orchestration;

namespace Seamless.Workflows.Upgrade;

/// <summary>
/// Which operator signals an upgrade accepts in its current state. Durable buffers an external event until the
/// orchestration waits for it, so an approval sent during warm-up would be consumed later, when the approval gate
/// opens, without anybody having seen the evidence before it: the API asks here first and answers 409 otherwise.
/// Pure, so the rules are testable without an engine.
/// </summary>
public static class UpgradeSignals
{
    /// <summary>Returns why the upgrade refuses <paramref name="eventName"/> now (a 409), or null when it accepts it.</summary>
    /// <param name="eventName"><see cref="WorkflowNames.ApproveEvent"/> or <see cref="WorkflowNames.AbortEvent"/>.</param>
    /// <param name="status">The instance's runtime status.</param>
    /// <param name="phase">The phase in the instance's custom status (<see cref="UpgradeStatus.Phase"/>); null before the first one is published.</param>
    /// <returns>The refusal, or null.</returns>
    public static string? Refusal(string eventName, OrchestrationRuntimeStatus status, string? phase)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        if (!SingletonStart.IsActive(status))
        {
            return $"The upgrade has already finished ({status}).";
        }

        if (string.Equals(eventName, WorkflowNames.ApproveEvent, StringComparison.Ordinal))
        {
            return phase == UpgradePhases.Approval
                ? null
                : $"The upgrade is not waiting for approval (phase {phase ?? "starting"}): an approval is accepted only in phase {UpgradePhases.Approval}, once every gate before it has been judged.";
        }

        if (string.Equals(eventName, WorkflowNames.AbortEvent, StringComparison.Ordinal))
        {
            return phase is UpgradePhases.Done or UpgradePhases.RollingBack
                ? $"The upgrade is already finishing (phase {phase}): there is nothing left to abort."
                : null;
        }

        throw new ArgumentOutOfRangeException(nameof(eventName), eventName, "Not an operator signal of an upgrade.");
    }
}
