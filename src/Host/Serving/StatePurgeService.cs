using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.State;

namespace Seamless.Host.Serving;

/// <summary>The Host's retention: purges old state at start and every <c>Seamless:Retention:PurgeInterval</c> (on the shared clock).</summary>
internal sealed partial class StatePurgeService(StatePurger purger, IOptions<SeamlessOptions> options, TimeProvider clock, ILogger<StatePurgeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value.Retention;
        if (!retention.Enabled)
        {
            return;
        }

        // The store answers synchronously: without this the first purge would run inside the host's start.
        await Task.Yield();
        using var timer = new PeriodicTimer(retention.PurgeInterval, clock);
        do
        {
            try
            {
                await purger.PurgeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed purge must not stop the timer; the next tick tries again.
                LogPurgeFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "State purge failed")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
