using Seamless.Core.Notifications;

namespace Seamless.Workflows.Notifications;

/// <summary>A notification waiting in the outbox for one webhook, with its delivery state.</summary>
/// <param name="Event">The event.</param>
/// <param name="Webhook">The index of the webhook in <c>Seamless:Notifications:Webhooks</c>.</param>
/// <param name="Url">The webhook's URL when it was enqueued (a reordered configuration is not sent to the wrong receiver).</param>
/// <param name="CreatedAt">When it was enqueued.</param>
/// <param name="Attempts">Delivery attempts made.</param>
/// <param name="NextAttemptAt">When it is due.</param>
/// <param name="LastError">What the last attempt got, if it failed.</param>
public sealed record OutboxItem(
    NotificationEvent Event,
    int Webhook,
    string Url,
    DateTimeOffset CreatedAt,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError);
