using Seamless.Core.Notifications;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Notifications;

/// <summary>
/// Writes events to the outbox in the state store: one item per event and webhook that wants it, only if absent and
/// never for an event already delivered, so a re-run of the activity (or a replay) neither duplicates nor resends.
/// </summary>
public static class NotificationOutbox
{
    /// <summary>Enqueues <paramref name="notification"/>; returns how many items were written.</summary>
    public static async Task<int> EnqueueAsync(IStateStore store, NotificationOptions options, NotificationEvent notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(notification);
        int written = 0;
        foreach (int webhook in options.WebhooksFor(notification.Type))
        {
            string key = StateKeys.Outbox(StateKeys.OutboxRoot, notification.Id, webhook);
            if (await store.GetAsync(StateKeys.Outbox(StateKeys.OutboxSentRoot, notification.Id, webhook), cancellationToken) is not null)
            {
                continue;
            }

            var item = new OutboxItem(notification, webhook, options.Webhooks[webhook].Url!, notification.Time, 0, notification.Time, null);
            if (await store.TryWriteAsync(key, WorkflowJson.Serialize(item)!, null, cancellationToken) is not null)
            {
                written++;
            }
        }

        return written;
    }
}
