using Microsoft.Azure.Functions.Worker;
using Seamless.Workflows.Notifications;

namespace Seamless.Functions;

/// <summary>Delivers the notification outbox (<c>Seamless:Notifications</c>) on the <c>NOTIFY_SCHEDULE</c> app setting (6-field NCRONTAB, UTC).</summary>
public sealed class NotificationTimer(NotificationSender sender)
{
    [Function("NotificationTimer")]
    public Task Run([TimerTrigger("%NOTIFY_SCHEDULE%")] TimerInfo timer, FunctionContext context) =>
        sender.DeliverDueAsync(context.CancellationToken);
}
