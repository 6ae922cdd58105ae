using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Seamless.Workflows.Orchestration;

/// <summary>
/// Starts an orchestration under a fixed instance id unless one is already active (single flight per
/// site or plan), on any <see cref="DurableTaskClient"/>. Backends differ on a duplicate start (the
/// embedded engine refuses it, Durable backends may throw their own exception types or replace only
/// finished instances), so the instance's own status decides.
/// </summary>
public static class SingletonStart
{
    /// <summary>Returns true when <paramref name="status"/> means the instance still runs (Pending, Running, Suspended).</summary>
    public static bool IsActive(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;

    /// <summary>Starts <paramref name="orchestratorName"/> as <paramref name="instanceId"/>; false when that instance is already active.</summary>
    public static async Task<bool> TryStartAsync(
        DurableTaskClient client,
        string orchestratorName,
        object input,
        string instanceId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { } existing && IsActive(existing.RuntimeStatus))
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, new StartOrchestrationOptions(instanceId), cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Lost a race with another start: the instance is active now. Anything else is a real failure.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { } now && IsActive(now.RuntimeStatus))
            {
                return false;
            }

            throw;
        }
    }
}
