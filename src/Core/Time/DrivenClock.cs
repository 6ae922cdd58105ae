using System.Runtime.CompilerServices;

namespace Seamless.Core.Time;

/// <summary>
/// Simulated time driven from another process: it stands still until its driver moves it forward
/// (<see cref="AdvanceTo"/>), e.g. a Host on a <see cref="VirtualClock"/> that sends its time with every call
/// (<see cref="NowHeader"/>) and after every jump. A simulated wait made while serving a call is not waited
/// here: it is owed to the caller (<see cref="OweLatency"/>), who waits it on its own clock, where time can
/// pass through it; any other wait ends when the driver moves time past it.
/// </summary>
public sealed class DrivenClock : SimulatedClock
{
    /// <summary>The request header a driver sends with its current time (round-trip format); the clock moves to it before serving.</summary>
    public const string NowHeader = "x-seamless-now";

    /// <summary>The response header with the simulated time the caller owes (a <see cref="TimeSpan"/>, invariant "c" format).</summary>
    public const string LatencyHeader = "x-seamless-latency";

    private static readonly AsyncLocal<StrongBox<TimeSpan>?> Owed = new();
    private readonly Lock _gate = new();
    private readonly List<ClockTimer> _timers = [];
    private long _now;

    /// <summary>Initializes a new instance of the <see cref="DrivenClock"/> class standing at <paramref name="start"/>.</summary>
    public DrivenClock(DateTimeOffset start) => _now = start.UtcTicks;

    /// <summary>Gets 0: driven time does not run at a speed.</summary>
    public override double Scale => 0;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _now), TimeSpan.Zero);

    /// <inheritdoc/>
    public override long GetTimestamp() => Interlocked.Read(ref _now);

    /// <summary>The caller waits simulated time on its own clock, so no conversion.</summary>
    public override TimeSpan ToReal(TimeSpan simulated) => simulated;

    /// <summary>A real-time figure (a fault's delay) is read as the same simulated duration.</summary>
    public override TimeSpan FromReal(TimeSpan real) => real;

    /// <summary>
    /// Moves time forward to <paramref name="to"/> (never back: an earlier instant, e.g. from a call sent before the
    /// driver's last jump, changes nothing) and runs the callbacks of the timers it passes, in due order.
    /// </summary>
    /// <returns>The time now.</returns>
    public DateTimeOffset AdvanceTo(DateTimeOffset to)
    {
        long target = to.UtcTicks;
        long seen = Interlocked.Read(ref _now);
        while (seen < target)
        {
            long before = Interlocked.CompareExchange(ref _now, target, seen);
            if (before == seen)
            {
                break;
            }

            seen = before;
        }

        while (NextDue() is { } timer)
        {
            timer.Callback(timer.State);
        }

        return GetUtcNow();
    }

    /// <summary>
    /// Collects the simulated waits made on this clock by the code running in the returned scope (serving one call):
    /// they end at once and add up in <see cref="OwedLatency.Total"/>, for the caller to wait.
    /// </summary>
    public static OwedLatency OweLatency()
    {
        var owed = new OwedLatency(Owed.Value);
        Owed.Value = owed.Box;
        return owed;
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ClockTimer(Change, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <inheritdoc/>
    public override Task DelayAsync(TimeSpan simulated, CancellationToken cancellationToken)
    {
        if (simulated <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        if (Owed.Value is { } owed)
        {
            lock (owed)
            {
                owed.Value += simulated;
            }

            return Task.CompletedTask;
        }

        return Task.Delay(simulated, this, cancellationToken);
    }

    /// <summary>Takes the earliest timer due at or before now off the list (re-arming a periodic one); null when none is.</summary>
    private ClockTimer? NextDue()
    {
        lock (_gate)
        {
            long now = Interlocked.Read(ref _now);
            ClockTimer? earliest = null;
            foreach (var timer in _timers)
            {
                if (timer.Due <= now && (earliest is null || timer.Due < earliest.Due))
                {
                    earliest = timer;
                }
            }

            if (earliest is null)
            {
                return null;
            }

            if (earliest.Period is { } period)
            {
                earliest.Due += period;
            }
            else
            {
                _timers.Remove(earliest);
            }

            return earliest;
        }
    }

    private void Change(ClockTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan || timer.Disposed)
            {
                return;
            }

            timer.Due = Interlocked.Read(ref _now) + Math.Max(0, dueTime.Ticks);
            timer.Period = period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan ? period.Ticks : null;
            _timers.Add(timer);
        }

        if (dueTime == TimeSpan.Zero)
        {
            AdvanceTo(GetUtcNow());
        }
    }

    /// <summary>The simulated waits owed by one served call; dispose to stop collecting.</summary>
    public sealed class OwedLatency : IDisposable
    {
        private readonly StrongBox<TimeSpan>? _previous;

        internal OwedLatency(StrongBox<TimeSpan>? previous) => _previous = previous;

        /// <summary>Gets the sum of the waits made so far.</summary>
        public TimeSpan Total
        {
            get
            {
                lock (Box)
                {
                    return Box.Value;
                }
            }
        }

        internal StrongBox<TimeSpan> Box { get; } = new(TimeSpan.Zero);

        /// <inheritdoc/>
        public void Dispose() => Owed.Value = _previous;
    }
}
