using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Seamless.Workflows.ScaleIn;

namespace Seamless.Functions;

/// <summary>The scale-in sweep on the <c>SCALE_IN_SCHEDULE</c> app setting (6-field NCRONTAB, UTC).</summary>
public sealed partial class ScaleInTimer(ScaleInSweeper sweeper, ILogger<ScaleInTimer> logger)
{
    [Function("ScaleInTimer")]
    public async Task Run(
        [TimerTrigger("%SCALE_IN_SCHEDULE%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        if (timer.IsPastDue)
        {
            LogPastDue(logger);
        }

        var starts = await sweeper.SweepAsync(client, null, dryRun: false, "timer", context.CancellationToken);
        LogSwept(logger, starts.Count);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "The scale-in timer is past due")]
    private static partial void LogPastDue(ILogger logger);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Scale-in sweep covered {Plans} plans")]
    private static partial void LogSwept(ILogger logger, int plans);
}
