namespace Seamless.Core.Time;

/// <content>Timers, work scopes and their bookkeeping, all under the clock's lock.</content>
public sealed partial class VirtualClock
{
    private void EnqueueLocked(ClockTimer timer, long due) =>
        _timers.Enqueue((timer, timer.Version), (due, _sequence++));

    private void EndWork()
    {
        lock (_gate)
        {
            _working--;
            _changes++;
        }
    }

    private void Change(ClockTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            timer.Version++;
            timer.Period = period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan ? period.Ticks : null;
            if (dueTime != Timeout.InfiniteTimeSpan && !timer.Disposed)
            {
                EnqueueLocked(timer, _now + Math.Max(0, dueTime.Ticks));
            }

            _changes++;
        }
    }

    private bool CloseScope(WorkScope scope)
    {
        lock (_gate)
        {
            if (!scope.CloseLocked(out bool active))
            {
                return false;
            }

            _open.Remove(scope.Id);
            if (active)
            {
                _working--;
            }

            _changes++;
            return true;
        }
    }

    private void Transition(WorkScope scope, int delta)
    {
        lock (_gate)
        {
            _working += scope.ShiftLocked(delta);
            _changes++;
        }
    }

    /// <summary>
    /// Open work; a simulated wait inside it suspends it and the work it was opened in (an activity waiting on a
    /// call whose server waits simulated time is waiting too); nested waits count.
    /// </summary>
    private sealed class WorkScope(VirtualClock clock, string id, WorkScope? previous) : IDisposable
    {
        // Guarded by the clock's lock: suspending, resuming and closing must agree on whether the scope
        // still counts as work (a request aborted while its server resumes would otherwise count twice).
        private int _suspended;
        private bool _closed;

        public string Id { get; } = id;

        public void Suspend() => clock.Transition(this, +1);

        public void Resume() => clock.Transition(this, -1);

        public void Dispose()
        {
            if (clock.CloseScope(this) && ReferenceEquals(Ambient.Value, this))
            {
                Ambient.Value = previous;
            }
        }

        /// <summary>Changes the suspension of this scope and the scopes it was opened in; returns the change in work.</summary>
        public int ShiftLocked(int delta)
        {
            int working = 0;
            for (var scope = this; scope is not null; scope = scope.Parent)
            {
                int before = scope._suspended;
                scope._suspended += delta;
                if (!scope._closed && before == 0 && scope._suspended > 0)
                {
                    working--;
                }
                else if (!scope._closed && before > 0 && scope._suspended == 0)
                {
                    working++;
                }
            }

            return working;
        }

        /// <summary>Closes the scope once; returns whether it was open and, through <paramref name="active"/>, whether it counted as work.</summary>
        public bool CloseLocked(out bool active)
        {
            active = !_closed && _suspended == 0;
            bool wasOpen = !_closed;
            _closed = true;
            return wasOpen;
        }

        private WorkScope? Parent => previous;
    }

    private sealed class Joined(WorkScope? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }
}
