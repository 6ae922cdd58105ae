namespace Seamless.Core.Time;

/// <summary>
/// A timer of a simulated clock (<see cref="VirtualClock"/>, <see cref="DrivenClock"/>): the clock keeps its schedule
/// under its own lock and runs <see cref="Callback"/> once simulated time reaches it.
/// </summary>
/// <param name="change">The clock's handler of a new due time and period (infinite: stopped).</param>
/// <param name="callback">What runs when it is due.</param>
/// <param name="state">The callback's argument.</param>
internal sealed class ClockTimer(Action<ClockTimer, TimeSpan, TimeSpan> change, TimerCallback callback, object? state) : ITimer
{
    public TimerCallback Callback { get; } = callback;

    public object? State { get; } = state;

    /// <summary>Gets or sets the due instant in UTC ticks. Guarded by the clock's lock.</summary>
    public long Due { get; set; }

    /// <summary>Gets or sets the period in ticks, null for a one-shot timer. Guarded by the clock's lock.</summary>
    public long? Period { get; set; }

    /// <summary>Gets or sets the version; schedule entries of older versions are stale. Guarded by the clock's lock.</summary>
    public long Version { get; set; }

    public bool Disposed { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (Disposed)
        {
            return false;
        }

        change(this, dueTime, period);
        return true;
    }

    public void Dispose()
    {
        Disposed = true;
        change(this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
