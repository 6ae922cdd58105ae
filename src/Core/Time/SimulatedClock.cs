namespace Seamless.Core.Time;

/// <summary>
/// Simulated time shared by the simulator and the app running against it: either a real clock sped up
/// (<see cref="ScaledTimeProvider"/>) or virtual time that moves only while nothing works
/// (<see cref="VirtualClock"/>). The simulator waits through it, so a simulated delay costs what the
/// clock says it costs.
/// </summary>
public abstract class SimulatedClock : TimeProvider
{
    private static readonly IDisposable NoWork = new NothingToRelease();

    /// <summary>Gets simulated seconds per real second; 0 for virtual time (it jumps, it does not run).</summary>
    public abstract double Scale { get; }

    /// <summary>Converts a simulated duration to the time a client of this clock waits for it (e.g. a <c>Retry-After</c>).</summary>
    public abstract TimeSpan ToReal(TimeSpan simulated);

    /// <summary>Converts a duration given in real time (a fault's delay) to simulated time on this clock.</summary>
    public abstract TimeSpan FromReal(TimeSpan real);

    /// <summary>
    /// Waits a simulated duration. Inside <see cref="Work"/> the wait is not work: virtual time may pass through it.
    /// </summary>
    public abstract Task DelayAsync(TimeSpan simulated, CancellationToken cancellationToken);

    /// <summary>
    /// Waits <paramref name="delay"/> on <paramref name="clock"/>: on a simulated clock the wait is not work (simulated
    /// time passes through it even inside work, e.g. an activity polling an operation); otherwise a plain delay.
    /// </summary>
    public static Task DelayAsync(TimeProvider clock, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock is SimulatedClock simulated ? simulated.DelayAsync(delay, cancellationToken) : Task.Delay(delay, clock, cancellationToken);
    }

    /// <summary>
    /// Waits for <paramref name="task"/>, which other work carries out (a read shared by several callers): on a virtual
    /// clock the waiting work does not hold time still meanwhile, as it would not while waiting on its own call — the
    /// work carrying the task does, and a simulated wait inside it lets time pass. Otherwise a plain wait.
    /// </summary>
    public static Task<T> WaitOnAsync<T>(TimeProvider clock, Task<T> task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(task);
        return clock is SimulatedClock simulated ? simulated.WaitOnAsync(task, cancellationToken) : task.WaitAsync(cancellationToken);
    }

    /// <summary>Waits for a task other work carries out (<see cref="WaitOnAsync{T}(TimeProvider, Task{T}, CancellationToken)"/>).</summary>
    public virtual Task<T> WaitOnAsync<T>(Task<T> task, CancellationToken cancellationToken) => task.WaitAsync(cancellationToken);

    /// <summary>Marks work on <paramref name="clock"/> when it is a simulated clock; nothing otherwise.</summary>
    public static IDisposable? WorkOn(TimeProvider clock) => (clock as SimulatedClock)?.Work();

    /// <summary>Marks work in progress until disposed; virtual time does not move on while any is open.</summary>
    public virtual IDisposable Work() => NoWork;

    /// <summary>Marks work in progress on behalf of a caller that announced its work by id (see <see cref="VirtualClock.WorkHeader"/>).</summary>
    /// <param name="workId">The id the caller sent, or null when it sent none.</param>
    public virtual IDisposable Join(string? workId) => Work();

    private sealed class NothingToRelease : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
