using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Core.Time;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.ScaleIn;

namespace Seamless.Host.Serving;

/// <summary>
/// The Host's scale-in timer: sweeps managed plans at each occurrence of <c>SCALE_IN_SCHEDULE</c> (6-field NCRONTAB, UTC,
/// the setting the Functions timer binds), on the shared clock.
/// </summary>
internal sealed partial class ScaleInTimerService(
    ScaleInSweeper sweeper,
    DurableTaskClient client,
    ScaleInSchedule schedule,
    IOptions<SeamlessOptions> options,
    TimeProvider clock,
    ILogger<ScaleInTimerService> logger) : ClockedBackgroundService(clock)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    /// <summary>
    /// Runs <paramref name="sweep"/> at each occurrence of <paramref name="schedule"/> after now on <paramref name="clock"/>
    /// until cancelled; a failed sweep is reported and the next occurrence tries again.
    /// </summary>
    internal static async Task RunAsync(ScaleInSchedule schedule, TimeProvider clock, Func<CancellationToken, Task> sweep, Action<Exception> onFailed, IDisposable? starting, CancellationToken cancellationToken)
    {
        var last = clock.GetUtcNow();
        Task wait;
        DateTimeOffset? due;
        using (starting)
        {
            // The first timer is set inside the work opened at start (see ClockedBackgroundService).
            (wait, due) = NextWait(schedule, clock, last, cancellationToken);
        }

        while (true)
        {
            // Resumed on the timer's callback, which is work on a virtual clock, not posted to a caller's context after it.
            await wait.ConfigureAwait(false);

            // On a virtual clock the pass is work from the timer's callback on: time does not move while it runs. The next
            // wait's timer is set inside that work: set after it, a loop that looked in between saw nothing working and
            // nothing due and took an idle step, which can pass an occurrence of a schedule a minute apart.
            using (SimulatedClock.WorkOn(clock))
            {
                if (due is { } occurrence)
                {
                    last = occurrence;
                    try
                    {
                        await sweep(cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        onFailed(ex);
                    }
                }

                (wait, due) = NextWait(schedule, clock, last, cancellationToken);
            }
        }
    }

    /// <summary>The wait for the next occurrence after <paramref name="last"/>, and that occurrence (null for a step of a longer wait).</summary>
    private static (Task Wait, DateTimeOffset? Due) NextWait(ScaleInSchedule schedule, TimeProvider clock, DateTimeOffset last, CancellationToken cancellationToken)
    {
        // From the later of now and the last occurrence: a timer that fires a little early (a scaled clock rounds) must
        // not make the same occurrence due twice.
        var now = clock.GetUtcNow();
        var due = schedule.NextAfter(now > last ? now : last);

        // A timer cannot wait ~49 days or more (a yearly schedule); wait in steps and look again.
        return due - now > MaxWait
            ? (Task.Delay(MaxWait, clock, cancellationToken), null)
            : (due > now ? Task.Delay(due - now, clock, cancellationToken) : Task.CompletedTask, due);
    }

    /// <inheritdoc/>
    protected override bool Loops => options.Value.ScaleIn.Enabled && options.Value.Managed.Plans.Count > 0;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Loops ? RunAsync(schedule, Clock, SweepAsync, ex => LogSweepFailed(logger, ex), TakeStartingWork(), stoppingToken) : Task.CompletedTask;

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var starts = await sweeper.SweepAsync(client, null, dryRun: false, "timer", cancellationToken);
        int started = starts.Count(s => s.Started);
        LogSwept(logger, started, starts.Count);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Scale-in sweep started {Started} of {Plans} plans")]
    private static partial void LogSwept(ILogger logger, int started, int plans);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Scale-in sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
