using Microsoft.Extensions.Hosting;
using Seamless.Core.Time;

namespace Seamless.Host.Serving;

/// <summary>
/// A Host loop that runs one pass at start and then every <see cref="Interval"/> on the shared clock; a failed pass is
/// reported and the next tick tries again.
/// </summary>
internal abstract class RecurringPassService(TimeProvider clock) : BackgroundService
{
    /// <summary>Gets the time between passes, or null when the loop is off.</summary>
    protected abstract TimeSpan? Interval { get; }

    /// <summary>Runs one pass.</summary>
    protected abstract Task RunPassAsync(CancellationToken cancellationToken);

    /// <summary>Reports a failed pass.</summary>
    protected abstract void OnPassFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval is not { } interval)
        {
            return;
        }

        // The store answers synchronously: without this the first pass would run inside the host's start.
        await Task.Yield();
        var due = clock.GetUtcNow();
        while (true)
        {
            try
            {
                // On a virtual clock a pass is work (from the timer's callback on, which resumes this loop): time does
                // not move while it runs. A PeriodicTimer would resume the loop after its callback, unseen.
                using var work = SimulatedClock.WorkOn(clock);
                await RunPassAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                OnPassFailed(ex);
            }

            // A fixed cadence from the first pass; a pass that overran its interval is followed at once by the next.
            var now = clock.GetUtcNow();
            due = due + interval > now ? due + interval : now;
            await Task.Delay(due - now, clock, stoppingToken);
        }
    }
}
