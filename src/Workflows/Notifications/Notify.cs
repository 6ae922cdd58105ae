using Microsoft.DurableTask;
using Seamless.Core.Notifications;
using Seamless.Workflows.Activities;

namespace Seamless.Workflows.Notifications;

/// <summary>
/// The orchestrators' one notification step: a single attempt of <see cref="ActivityNames.EnqueueNotification"/>, its
/// failure swallowed. A notification must never fail a release or delay it beyond that one state write.
/// </summary>
public static class Notify
{
    /// <summary>Enqueues the event; returns false when the outbox could not be written (the workflow goes on).</summary>
    public static async Task<bool> EnqueueAsync(TaskOrchestrationContext context, NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.CallActivityAsync<int>(ActivityNames.EnqueueNotification, notification);
            return true;
        }
#pragma warning disable CA1031 // Whatever went wrong, the workflow must not be failed by a notification.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
