namespace Seamless.Core.Time;

/// <content>The loop: fires due timers and, once everything has been quiet for the grace, moves time on.</content>
public sealed partial class VirtualClock
{
    private async Task RunAsync(CancellationToken ct)
    {
        long quietSince = -1;
        long quietChanges = -1;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(Poll, _real, ct).ConfigureAwait(false);
            FireDue();
            long changes = Interlocked.Read(ref _changes);
            if (!IsQuiet(out var next))
            {
                quietSince = -1;
                continue;
            }

            long realNow = _real.GetTimestamp();
            if (quietSince < 0 || changes != quietChanges)
            {
                quietSince = realNow;
                quietChanges = changes;
                continue;
            }

            if (_real.GetElapsedTime(quietSince, realNow) < QuietNeeded(next) || await IsHeldAsync(ct).ConfigureAwait(false))
            {
                continue;
            }

            lock (_gate)
            {
                if (_changes != changes || WorkingLocked())
                {
                    continue;
                }

                long target = Target(next);
                if (target > _now)
                {
                    Interlocked.Exchange(ref _now, target);
                    Advances++;
                    _changes++;
                }
            }

            quietSince = -1;
            await PublishAsync(ct).ConfigureAwait(false);
            FireDue();
            Action[] woken;
            lock (_gate)
            {
                woken = [.. _onAdvance];
            }

            foreach (var wake in woken)
            {
                wake();
            }
        }
    }

    /// <summary>True while work is open, or a waiter's awaited task has completed and the waiter has not resumed yet.</summary>
    private bool WorkingLocked() => _working > 0 || _awaited.Exists(task => task.IsCompleted);

    /// <summary>Where time moves next: the next due instant (the idle step when nothing is due), at most <see cref="MaxJump"/> on.</summary>
    private long Target(long? next)
    {
        long now = Interlocked.Read(ref _now);
        return Math.Min(next ?? (now + _idleStep.Ticks), now + MaxJump.Ticks);
    }

    /// <summary>The real-time quiet a move to <paramref name="next"/> needs: <see cref="LongJumpGraces"/> graces past the idle step.</summary>
    private TimeSpan QuietNeeded(long? next) =>
        Target(next) - Interlocked.Read(ref _now) > _idleStep.Ticks ? _grace * LongJumpGraces : _grace;

    /// <summary>Tells every publisher the new time before anything runs at it; one that cannot hear it is passed over.</summary>
    private async Task PublishAsync(CancellationToken ct)
    {
        Func<DateTimeOffset, CancellationToken, Task>[] publishers;
        lock (_gate)
        {
            publishers = [.. _publishers];
        }

        var now = GetUtcNow();
        foreach (var publish in publishers)
        {
            try
            {
                await publish(now, ct).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A publisher that is gone (its peer stopped) must not stop the clock.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>
    /// True when nothing works (a waiter whose awaited task has completed counts until it resumes) and no source has work
    /// ready; <paramref name="next"/> is the earliest future due instant.
    /// </summary>
    private bool IsQuiet(out long? next)
    {
        next = null;
        Func<DateTimeOffset?>[] sources;
        long now;
        lock (_gate)
        {
            if (WorkingLocked())
            {
                return false;
            }

            now = _now;
            while (_timers.TryPeek(out var top, out var key) && top.Version != top.Timer.Version)
            {
                _timers.Dequeue();
            }

            if (_timers.TryPeek(out _, out var due))
            {
                next = due.Due;
            }

            sources = [.. _wakeSources];
        }

        foreach (var source in sources)
        {
            DateTimeOffset? due;
            try
            {
                due = source();
            }
#pragma warning disable CA1031 // A source that cannot answer (e.g. shutting down) has nothing due.
            catch (Exception)
#pragma warning restore CA1031
            {
                due = null;
            }

            if (due is { } at)
            {
                if (at.UtcTicks <= now)
                {
                    return false;
                }

                next = next is { } n && n <= at.UtcTicks ? n : at.UtcTicks;
            }
        }

        return true;
    }

    private async ValueTask<bool> IsHeldAsync(CancellationToken ct)
    {
        Func<CancellationToken, ValueTask<bool>>[] holds;
        lock (_gate)
        {
            holds = [.. _holds];
        }

        foreach (var hold in holds)
        {
            bool held;
            try
            {
                held = await hold(ct).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A condition that cannot be read (e.g. nothing started yet) does not hold time.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                held = false;
            }

            if (held)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs the callbacks of every timer due at or before now, each counted as work while it runs.</summary>
    private void FireDue()
    {
        List<(ClockTimer Timer, long Version)>? due = null;
        lock (_gate)
        {
            while (_timers.TryPeek(out var top, out var key) && key.Due <= _now)
            {
                _timers.Dequeue();
                if (top.Version != top.Timer.Version)
                {
                    continue;
                }

                (due ??= []).Add(top);
                if (top.Timer.Period is { } period)
                {
                    EnqueueLocked(top.Timer, key.Due + period);
                }

                _working++;
                _changes++;
            }
        }

        foreach (var (timer, _) in due ?? [])
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                t =>
                {
                    try
                    {
                        t.Callback(t.State);
                    }
                    finally
                    {
                        EndWork();
                    }
                },
                timer,
                preferLocal: false);
        }
    }
}
