using Microsoft.Extensions.Hosting;
using Seamless.Core.Time;

namespace Seamless.Host.Serving;

/// <summary>
/// A Host loop that runs one pass at start and then every <see cref="Interval"/> on the shared clock; a failed pass is
/// reported and the next tick tries again.
/// </summary>
internal abstract class RecurringPassService(TimeProvider clock) : BackgroundService
{
    private IDisposable? _starting;

    /// <summary>Gets the time between passes, or null when the loop is off.</summary>
    protected abstract TimeSpan? Interval { get; }

    /// <summary>Runs one pass.</summary>
    protected abstract Task RunPassAsync(CancellationToken cancellationToken);

    /// <summary>Reports a failed pass.</summary>
    protected abstract void OnPassFailed(Exception exception);

    /// <summary>
    /// Starts the loop. On a virtual clock the first pass is work from here on: .NET 10 runs <c>ExecuteAsync</c> on the
    /// thread pool, and a loaded pool that started it later than the clock's quiet grace let time take an idle step
    /// first (the first pass ran at 12:01, not 12:00, once under CI load).
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Opened in this async method, the work is ambient for the loop base.StartAsync starts and not for the caller.
        if (Interval is not null)
        {
            _starting = SimulatedClock.WorkOn(clock);
        }

        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            // A loop stopped before it began leaves the clock free.
            Interlocked.Exchange(ref _starting, null)?.Dispose();
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        Interlocked.Exchange(ref _starting, null)?.Dispose();
        base.Dispose();
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval is not { } interval)
        {
            return;
        }

        var due = clock.GetUtcNow();
        while (true)
        {
            Task wait;

            // On a virtual clock a pass is work (from the timer's callback on, which resumes this loop): time does not
            // move while it runs. A PeriodicTimer would resume the loop after its callback, unseen. The wait's timer is
            // set inside the work: set after it, a loop that looked in between saw nothing working and nothing due.
            using (Interlocked.Exchange(ref _starting, null) ?? SimulatedClock.WorkOn(clock))
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
                var now = clock.GetUtcNow();
                due = due + interval > now ? due + interval : now;
                wait = Task.Delay(due - now, clock, stoppingToken);
            }

            // Resumed on the timer's callback, which is work on a virtual clock, not posted to a caller's context after it.
            await wait.ConfigureAwait(false);
        }
    }
}
