using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Notifications;

namespace Seamless.Host.Serving;

/// <summary>The Host's notification delivery: every <c>Seamless:Notifications:DeliveryInterval</c> (on the shared clock), when any webhook is configured.</summary>
internal sealed partial class NotificationService(NotificationSender sender, IOptions<SeamlessOptions> options, TimeProvider clock, ILogger<NotificationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var notifications = options.Value.Notifications;
        if (notifications.Webhooks.Count == 0)
        {
            return;
        }

        // The store answers synchronously: without this the first pass would run inside the host's start.
        await Task.Yield();
        using var timer = new PeriodicTimer(notifications.DeliveryInterval, clock);
        do
        {
            try
            {
                await sender.DeliverDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed pass must not stop deliveries; the next tick tries again.
                LogDeliveryFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Notification delivery pass failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception);
}
