using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Notifications;

namespace Seamless.Host.Serving;

/// <summary>The Host's notification delivery: every <c>Seamless:Notifications:DeliveryInterval</c> (on the shared clock), when any webhook is configured.</summary>
internal sealed partial class NotificationService(NotificationSender sender, IOptions<SeamlessOptions> options, TimeProvider clock, ILogger<NotificationService> logger)
    : RecurringPassService(clock)
{
    protected override TimeSpan? Interval =>
        options.Value.Notifications.Webhooks.Count == 0 ? null : options.Value.Notifications.DeliveryInterval;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => sender.DeliverDueAsync(cancellationToken);

    protected override void OnPassFailed(Exception exception) => LogDeliveryFailed(logger, exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Notification delivery pass failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception);
}
