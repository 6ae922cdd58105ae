using Seamless.Core.Time;

namespace Seamless.Host.Serving;

/// <summary>
/// A Host loop that runs one pass at start and then every <see cref="Interval"/> on the shared clock; a failed pass is
/// reported and the next tick tries again.
/// </summary>
internal abstract class RecurringPassService(TimeProvider clock) : ClockedBackgroundService(clock)
{
    /// <summary>Gets the time between passes, or null when the loop is off.</summary>
    protected abstract TimeSpan? Interval { get; }

    /// <summary>Runs one pass.</summary>
    protected abstract Task RunPassAsync(CancellationToken cancellationToken);

    /// <summary>Reports a failed pass.</summary>
    protected abstract void OnPassFailed(Exception exception);

    /// <inheritdoc/>
    protected sealed override bool Loops => Interval is not null;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval is not { } interval)
        {
            return;
        }

        var due = Clock.GetUtcNow();
        while (true)
        {
            Task wait;

            // On a virtual clock a pass is work (from the timer's callback on, which resumes this loop): time does not
            // move while it runs. A PeriodicTimer would resume the loop after its callback, unseen. The wait's timer is
            // set inside the work: set after it, a loop that looked in between saw nothing working and nothing due.
            using (TakeStartingWork() ?? SimulatedClock.WorkOn(Clock))
            {
                try
                {
                    await RunPassAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    OnPassFailed(ex);
                }

                // A fixed cadence from the first pass; a pass that overran its interval is followed at once by the next.
                var now = Clock.GetUtcNow();
                due = due + interval > now ? due + interval : now;
                wait = Task.Delay(due - now, Clock, stoppingToken);
            }

            // Resumed on the timer's callback, which is work on a virtual clock, not posted to a caller's context after it.
            await wait.ConfigureAwait(false);
        }
    }
}
