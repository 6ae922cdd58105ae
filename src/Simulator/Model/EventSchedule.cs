namespace Seamless.Simulator.Model;

/// <summary>
/// The simulated time already computed and the events scheduled ahead of it. <see cref="AdvanceTo"/> moves
/// forward in steps of at most <see cref="SimulatorState.StepSeconds"/>, split at minute boundaries and at events,
/// firing each event when its time is reached. Not thread-safe: only <see cref="SimulatorState"/> holds one, under its lock.
/// </summary>
internal sealed class EventSchedule(DateTimeOffset start)
{
    private readonly List<(DateTimeOffset At, Action<DateTimeOffset> Fire)> _events = [];

    /// <summary>Gets the simulated time computed so far.</summary>
    public DateTimeOffset SimulatedUntil { get; private set; } = start;

    /// <summary>Schedules <paramref name="fire"/> at <paramref name="at"/> (after events already scheduled for the same time).</summary>
    public void Schedule(DateTimeOffset at, Action<DateTimeOffset> fire)
    {
        int idx = _events.FindIndex(e => e.At > at);
        _events.Insert(idx < 0 ? _events.Count : idx, (at, fire));
    }

    /// <summary>Simulates up to <paramref name="target"/>: <paramref name="simulate"/> runs once per step [t0, t1).</summary>
    public void AdvanceTo(DateTimeOffset target, Action<DateTimeOffset, DateTimeOffset> simulate)
    {
        while (true)
        {
            while (_events.Count > 0 && _events[0].At <= SimulatedUntil)
            {
                var ev = _events[0];
                _events.RemoveAt(0);
                ev.Fire(ev.At);
            }

            if (SimulatedUntil >= target)
            {
                return;
            }

            var next = target;
            var stepEnd = SimulatedUntil.AddSeconds(SimulatorState.StepSeconds);
            if (stepEnd < next)
            {
                next = stepEnd;
            }

            var minuteEnd = SimulatorState.FromMinute(SimulatorState.MinuteOf(SimulatedUntil) + 1);
            if (minuteEnd < next)
            {
                next = minuteEnd;
            }

            if (_events.Count > 0 && _events[0].At < next)
            {
                next = _events[0].At;
            }

            simulate(SimulatedUntil, next);
            SimulatedUntil = next;
        }
    }
}
