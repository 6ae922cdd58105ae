using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.ScaleIn;

namespace Seamless.Host.Serving;

/// <summary>The Host's scale-in timer: sweeps managed plans every <c>Seamless:ScaleIn:SweepInterval</c> (on the shared clock).</summary>
internal sealed partial class ScaleInTimerService(ScaleInSweeper sweeper, DurableTaskClient client, IOptions<SeamlessOptions> options, TimeProvider clock, ILogger<ScaleInTimerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.ScaleIn;
        if (!settings.Enabled || options.Value.Managed.Plans.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var starts = await sweeper.SweepAsync(client, null, dryRun: false, "timer", stoppingToken);
                int started = starts.Count(s => s.Started);
                LogSwept(logger, started, starts.Count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed sweep must not stop the timer; the next tick tries again.
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Scale-in sweep started {Started} of {Plans} plans")]
    private static partial void LogSwept(ILogger logger, int started, int plans);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Scale-in sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
