using Microsoft.Extensions.Hosting;
using Seamless.Core.Time;

namespace Seamless.Host.Serving;

/// <summary>
/// A Host loop on the shared clock whose start is work on a virtual clock: .NET 10 runs <c>ExecuteAsync</c> on the
/// thread pool, and a loaded pool that started it later than the clock's quiet grace let time take an idle step before
/// the loop had run or set its first timer (a recurring pass's first run came at 12:01, not 12:00, once under CI load).
/// </summary>
internal abstract class ClockedBackgroundService(TimeProvider clock) : BackgroundService
{
    private IDisposable? _starting;

    /// <summary>Gets the shared clock the loop runs on.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>Gets whether <c>ExecuteAsync</c> runs a loop (false: it returns at once and takes no starting work).</summary>
    protected abstract bool Loops { get; }

    /// <inheritdoc/>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Opened in this async method, the work is ambient for the loop base.StartAsync starts and not for the caller.
        if (Loops)
        {
            _starting = SimulatedClock.WorkOn(Clock);
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
            TakeStartingWork()?.Dispose();
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        TakeStartingWork()?.Dispose();
        base.Dispose();
    }

    /// <summary>Takes the work opened at start (null once taken, or off a virtual clock); the loop disposes it once its first step is done.</summary>
    protected IDisposable? TakeStartingWork() => Interlocked.Exchange(ref _starting, null);
}
