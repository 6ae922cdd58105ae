using Seamless.Core.Time;

namespace Seamless.Core.Tests.Time;

/// <remarks>
/// The clock runs on its own loop from construction, so each test reads its starting instant inside a
/// <see cref="VirtualClock.Work"/> scope (time cannot move while it is open) and creates its timers there.
/// Where a test reads the time after an awaited delay, a hold freezes the clock once that delay has
/// completed, so the reading cannot race the next jump. Real time is used only as a hang ceiling or as a
/// window in which time must not move.
/// </remarks>
public sealed class VirtualClockTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Delay_NothingEarlierDue_CompletesExactlyAtDueInstant()
    {
        await using var clock = new VirtualClock(Start);

        var (t0, advances) = await DelayAloneAsync(clock, TimeSpan.FromMinutes(5));

        clock.GetUtcNow().ShouldBe(t0.AddMinutes(5));
        advances.ShouldBe(1);
    }

    [Fact]
    public async Task Delay_TimerTwoHoursAway_ReachedInJumpsOfAtMostMaxJumpAndExactlyOnTime()
    {
        await using var clock = new VirtualClock(Start);

        var (t0, advances) = await DelayAloneAsync(clock, TimeSpan.FromHours(2));

        clock.GetUtcNow().ShouldBe(t0.AddHours(2));
        advances.ShouldBe((long)(TimeSpan.FromHours(2) / VirtualClock.MaxJump));
    }

    [Fact]
    public async Task Publisher_ClockMovesOn_HearsTheNewTimeBeforeATimerDueThenRuns()
    {
        await using var clock = new VirtualClock(Start);
        var heard = new List<DateTimeOffset>();
        var seenByTimer = new TaskCompletionSource<DateTimeOffset[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var publisher = clock.AddPublisher(async (now, ct) =>
        {
            await Task.Yield();
            lock (heard)
            {
                heard.Add(now);
            }
        });
        DateTimeOffset t0;
        ITimer timer;
        using (clock.Work())
        {
            t0 = clock.GetUtcNow();
            timer = clock.CreateTimer(
                _ =>
                {
                    lock (heard)
                    {
                        seenByTimer.TrySetResult([.. heard]);
                    }
                },
                null,
                TimeSpan.FromMinutes(5),
                Timeout.InfiniteTimeSpan);
        }

        using (timer)
        {
            var seen = await seenByTimer.Task.WaitAsync(Ceiling);

            seen.ShouldNotBeEmpty();
            seen[^1].ShouldBe(t0.AddMinutes(5));
        }
    }

    /// <summary>
    /// Waits <paramref name="delay"/> on the clock with nothing else due; returns when the wait began and how many jumps it
    /// took. The clock stays frozen once the wait has completed (the hold ends with the clock), so the caller's reading
    /// of the time cannot race a later jump.
    /// </summary>
    private static async Task<(DateTimeOffset Began, long Advances)> DelayAloneAsync(VirtualClock clock, TimeSpan delay)
    {
        Task? waiting = null;
        var freeze = FreezeWhen(clock, () => waiting?.IsCompleted == true);
        DateTimeOffset t0;
        long a0;
        using (clock.Work())
        {
            (t0, a0) = (clock.GetUtcNow(), clock.Advances);
            waiting = Task.Delay(delay, clock);
        }

        await waiting.WaitAsync(Ceiling);
        return (t0, clock.Advances - a0);
    }

    [Fact]
    public async Task Delay_TwoTimers_CompleteInDueOrderPassingThroughEachDueInstant()
    {
        await using var clock = new VirtualClock(Start);
        Task? five = null;
        Task? three = null;
        DateTimeOffset? threeSeenAt = null;
        bool fiveDoneWhenThreeSeen = true;
        using var observe = clock.HoldWhile(_ =>
        {
            // Holds are read before every move, so the first reading after the three-minute delay completes is its instant.
            if (three?.IsCompleted == true && threeSeenAt is null)
            {
                threeSeenAt = clock.GetUtcNow();
                fiveDoneWhenThreeSeen = five!.IsCompleted;
            }

            return ValueTask.FromResult(five?.IsCompleted == true);
        });
        DateTimeOffset t0;
        long a0;
        using (clock.Work())
        {
            (t0, a0) = (clock.GetUtcNow(), clock.Advances);
            five = Task.Delay(TimeSpan.FromMinutes(5), clock);
            three = Task.Delay(TimeSpan.FromMinutes(3), clock);
        }

        await five.WaitAsync(Ceiling);

        three.IsCompletedSuccessfully.ShouldBeTrue();
        threeSeenAt.ShouldBe(t0.AddMinutes(3));
        fiveDoneWhenThreeSeen.ShouldBeFalse();
        clock.GetUtcNow().ShouldBe(t0.AddMinutes(5));
        (clock.Advances - a0).ShouldBe(2);
    }

    [Fact]
    public async Task Delay_WorkOpen_TimeStandsUntilWorkDisposed()
    {
        await using var clock = new VirtualClock(Start);
        Task? delay = null;
        using var freeze = FreezeWhen(clock, () => delay?.IsCompleted == true);
        var work = clock.Work();
        var (t0, a0) = (clock.GetUtcNow(), clock.Advances);
        delay = Task.Delay(TimeSpan.FromMinutes(1), clock);

        await Task.Delay(QuietWindow);
        bool completedWhileWorking = delay.IsCompleted;
        var (nowWhileWorking, advancesWhileWorking) = (clock.GetUtcNow(), clock.Advances);
        work.Dispose();
        await delay.WaitAsync(Ceiling);

        completedWhileWorking.ShouldBeFalse();
        nowWhileWorking.ShouldBe(t0);
        advancesWhileWorking.ShouldBe(a0);
        clock.GetUtcNow().ShouldBe(t0.AddMinutes(1));
    }

    [Fact]
    public async Task WaitOnAsync_WorkWaitingOnTaskAnotherWorkCarries_LetsTimePassThroughItsDelay()
    {
        await using var clock = new VirtualClock(Start);
        var shared = new TaskCompletionSource<Task<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var t0 = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var carrier = Task.Run(async () =>
        {
            using var work = clock.Work();
            t0.SetResult(clock.GetUtcNow());
            var read = SharedReadAsync();
            shared.SetResult(read);
            return await read;

            async Task<int> SharedReadAsync()
            {
                await clock.DelayAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
                return 42;
            }
        });

        // Another work waits on the carrier's task: waiting on it plainly would hold time still, and the delay inside it
        // would never end.
        var waiter = Task.Run(async () =>
        {
            using var work = clock.Work();
            return await clock.WaitOnAsync(await shared.Task, CancellationToken.None);
        });

        (await waiter.WaitAsync(Ceiling)).ShouldBe(42);
        (await carrier.WaitAsync(Ceiling)).ShouldBe(42);
        clock.GetUtcNow().ShouldBeGreaterThanOrEqualTo((await t0.Task).AddMinutes(2));
    }

    [Fact]
    public async Task WaitOnAsync_TaskCompletedBeforeTheWaiterResumes_TimeStandsMeanwhile()
    {
        // Arrange: a work suspended on a task that completes while its continuation cannot run yet (a batch read completes
        // its callers' tasks, closes its own work, and the callers resume later on the thread pool). The first continuation
        // added to the task runs first, inline, and keeps the waiter's behind it for 100 ms real (twenty graces).
        await using var clock = new VirtualClock(Start);
        var carried = new TaskCompletionSource<int>();
        long advancesMeanwhile = -1;
        _ = carried.Task.ContinueWith(
            _ =>
            {
                long before = clock.Advances;
                Thread.Sleep(100);
                advancesMeanwhile = clock.Advances - before;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        var suspended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = Task.Run(async () =>
        {
            using var work = clock.Work();
            var wait = clock.WaitOnAsync(carried.Task, CancellationToken.None);
            suspended.SetResult();
            return await wait;
        });
        await suspended.Task.WaitAsync(Ceiling);
        await WaitUntilAsync(() => clock.Advances > 0); // suspended, nothing else works: idle steps pass

        // Act: completed on a thread of its own (the continuations run there, and no pool thread the clock needs sleeps)
        await Task.Factory.StartNew(() => carried.SetResult(7), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // Assert
        advancesMeanwhile.ShouldBe(0, "the waiter counts as working from its task's completion until it resumes");
        (await waiter.WaitAsync(Ceiling)).ShouldBe(7);
    }

    [Fact]
    public async Task DelayAsync_InsideWork_TimePassesThroughDelayThenStandsWhileWorkOpen()
    {
        await using var clock = new VirtualClock(Start);
        Task? later = null;
        using var freeze = FreezeWhen(clock, () => later?.IsCompleted == true);
        var work = clock.Work();
        var t0 = clock.GetUtcNow();

        await clock.DelayAsync(TimeSpan.FromMinutes(2), CancellationToken.None).WaitAsync(Ceiling);
        var afterDelay = clock.GetUtcNow();
        later = Task.Delay(TimeSpan.FromMinutes(1), clock);
        await Task.Delay(QuietWindow);
        bool laterCompletedWhileWorking = later.IsCompleted;
        var nowWhileWorking = clock.GetUtcNow();
        work.Dispose();
        await later.WaitAsync(Ceiling);

        afterDelay.ShouldBe(t0.AddMinutes(2));
        laterCompletedWhileWorking.ShouldBeFalse();
        nowWhileWorking.ShouldBe(afterDelay);
        clock.GetUtcNow().ShouldBe(t0.AddMinutes(3));
    }

    [Fact]
    public async Task DelayAsync_RepeatedInsideWork_WorkResumesBeforeTimeMovesOn()
    {
        // Zero grace and a one-second idle step: if the work resumed only after the clock had looked again,
        // time would step on between one wait's end and the next wait's start.
        await using var clock = new VirtualClock(Start, grace: TimeSpan.Zero, idleStep: TimeSpan.FromSeconds(1));
        using var work = clock.Work();
        var t0 = clock.GetUtcNow();
        var readings = new List<DateTimeOffset>();

        for (int i = 0; i < 50; i++)
        {
            await clock.DelayAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None).WaitAsync(Ceiling);
            readings.Add(clock.GetUtcNow());
        }

        readings.ShouldBe(Enumerable.Range(1, 50).Select(i => t0.AddMilliseconds(i)));
    }

    [Fact]
    public async Task DelayAsync_ZeroOrNegative_CompletesAtOnceWithoutMovingTime()
    {
        await using var clock = new VirtualClock(Start);
        using var work = clock.Work();
        var t0 = clock.GetUtcNow();

        var zero = clock.DelayAsync(TimeSpan.Zero, CancellationToken.None);
        var negative = clock.DelayAsync(TimeSpan.FromSeconds(-1), CancellationToken.None);

        zero.IsCompletedSuccessfully.ShouldBeTrue();
        negative.IsCompletedSuccessfully.ShouldBeTrue();
        clock.GetUtcNow().ShouldBe(t0);
    }

    [Fact]
    public async Task DelayAsync_Cancelled_ThrowsAndWorkStandsAgain()
    {
        await using var clock = new VirtualClock(Start);
        using var work = clock.Work();
        var t0 = clock.GetUtcNow();
        using var cts = new CancellationTokenSource();
        using var hold = clock.HoldWhile(_ => ValueTask.FromResult(true)); // keeps the wait from ending by itself
        var wait = clock.DelayAsync(TimeSpan.FromHours(1), cts.Token);

        await cts.CancelAsync();
        var thrown = await Should.ThrowAsync<OperationCanceledException>(() => wait.WaitAsync(Ceiling));
        hold.Dispose();
        var probe = Task.Delay(TimeSpan.FromMinutes(1), clock);
        await Task.Delay(QuietWindow);

        thrown.CancellationToken.ShouldBe(cts.Token);
        probe.IsCompleted.ShouldBeFalse();
        clock.GetUtcNow().ShouldBe(t0);
    }

    [Fact]
    public async Task Join_IdOfOpenWork_DelayAsyncInJoinedFlowSuspendsThatWork()
    {
        await using var clock = new VirtualClock(Start);
        Task? probe = null;
        using var freeze = FreezeWhen(clock, () => probe?.IsCompleted == true);
        var work = clock.Work();
        var t0 = clock.GetUtcNow();
        string? id = VirtualClock.CurrentWorkId;
        Task<(DateTimeOffset At, string? JoinedId, string? AfterId)> server;
        using (ExecutionContext.SuppressFlow())
        {
            // A server's flow: it knows only the announced id.
            server = Task.Run(async () =>
            {
                string? joinedId;
                using (clock.Join(id))
                {
                    joinedId = VirtualClock.CurrentWorkId;
                    await clock.DelayAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
                }

                return (clock.GetUtcNow(), joinedId, VirtualClock.CurrentWorkId);
            });
        }

        var (at, joinedId, afterId) = await server.WaitAsync(Ceiling);
        probe = Task.Delay(TimeSpan.FromMinutes(1), clock);
        await Task.Delay(QuietWindow);
        bool probeCompletedWhileWorking = probe.IsCompleted;
        var nowWhileWorking = clock.GetUtcNow();
        work.Dispose();
        await probe.WaitAsync(Ceiling);

        id.ShouldNotBeNull();
        joinedId.ShouldBe(id);
        afterId.ShouldBeNull();
        at.ShouldBe(t0.AddMinutes(2));
        probeCompletedWhileWorking.ShouldBeFalse();
        nowWhileWorking.ShouldBe(t0.AddMinutes(2));
        clock.GetUtcNow().ShouldBe(t0.AddMinutes(3));
    }

    [Fact]
    public async Task DelayAsync_InWorkNestedInWork_TimePassesThroughDelayThenStandsUntilBothDisposed()
    {
        await using var clock = new VirtualClock(Start);
        Task? probe = null;
        using var freeze = FreezeWhen(clock, () => probe?.IsCompleted == true);
        var outer = clock.Work();
        var inner = clock.Work();
        var t0 = clock.GetUtcNow();

        await clock.DelayAsync(TimeSpan.FromMinutes(2), CancellationToken.None).WaitAsync(Ceiling);
        var afterDelay = clock.GetUtcNow();
        probe = Task.Delay(TimeSpan.FromMinutes(1), clock);
        inner.Dispose();
        await Task.Delay(QuietWindow);
        bool probeCompletedWhileOuterOpen = probe.IsCompleted;
        var nowWhileOuterOpen = clock.GetUtcNow();
        outer.Dispose();
        await probe.WaitAsync(Ceiling);

        afterDelay.ShouldBe(t0.AddMinutes(2));
        probeCompletedWhileOuterOpen.ShouldBeFalse();
        nowWhileOuterOpen.ShouldBe(afterDelay);
        clock.GetUtcNow().ShouldBe(t0.AddMinutes(3));
    }

    [Fact]
    public async Task Join_IdOfCallMadeWhileServingRequest_DelayAsyncInServerLetsTimePass()
    {
        // The app's shape: a request it serves is work, the call it makes to the simulator meanwhile is work
        // announced by id, and the simulator waits a simulated latency in the flow that joined that call.
        await using var clock = new VirtualClock(Start);
        var request = clock.Join(null);
        var call = clock.Work();
        var t0 = clock.GetUtcNow();
        string? id = VirtualClock.CurrentWorkId;
        Task<DateTimeOffset> server;
        using (ExecutionContext.SuppressFlow())
        {
            server = Task.Run(async () =>
            {
                using (clock.Join(id))
                {
                    await clock.DelayAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
                    return clock.GetUtcNow();
                }
            });
        }

        var served = await server.WaitAsync(Ceiling);
        call.Dispose();
        request.Dispose();

        served.ShouldBe(t0.AddMinutes(2));
    }

    [Theory]
    [InlineData("no id announced", null)]
    [InlineData("unknown id", "no-such-work")]
    public async Task Join_NullOrUnknownId_OpensOwnWork(string name, string? id)
    {
        await using var clock = new VirtualClock(Start);
        Task? delay = null;
        using var freeze = FreezeWhen(clock, () => delay?.IsCompleted == true);
        var joined = clock.Join(id);
        var (t0, a0) = (clock.GetUtcNow(), clock.Advances);
        string? ownId = VirtualClock.CurrentWorkId;
        delay = Task.Delay(TimeSpan.FromMinutes(1), clock);

        await Task.Delay(QuietWindow);
        bool completedWhileJoined = delay.IsCompleted;
        var (nowWhileJoined, advancesWhileJoined) = (clock.GetUtcNow(), clock.Advances);
        joined.Dispose();
        await delay.WaitAsync(Ceiling);

        ownId.ShouldNotBeNull(name);
        ownId.ShouldNotBe(id, name);
        completedWhileJoined.ShouldBeFalse(name);
        nowWhileJoined.ShouldBe(t0, name);
        advancesWhileJoined.ShouldBe(a0, name);
        VirtualClock.CurrentWorkId.ShouldBeNull(name);
        clock.GetUtcNow().ShouldBe(t0.AddMinutes(1), name);
    }

    [Fact]
    public async Task AddWakeSource_ReportsNow_TimeStandsUntilSourceDisposed()
    {
        await using var clock = new VirtualClock(Start);
        Task? delay = null;
        using var freeze = FreezeWhen(clock, () => delay?.IsCompleted == true);
        IDisposable source;
        DateTimeOffset t0;
        long a0;
        using (clock.Work())
        {
            (t0, a0) = (clock.GetUtcNow(), clock.Advances);
            source = clock.AddWakeSource(() => clock.GetUtcNow());
            delay = Task.Delay(TimeSpan.FromMinutes(1), clock);
        }

        await Task.Delay(QuietWindow);
        bool completedWhileReady = delay.IsCompleted;
        var (nowWhileReady, advancesWhileReady) = (clock.GetUtcNow(), clock.Advances);
        source.Dispose();
        await delay.WaitAsync(Ceiling);

        completedWhileReady.ShouldBeFalse();
        nowWhileReady.ShouldBe(t0);
        advancesWhileReady.ShouldBe(a0);
        clock.GetUtcNow().ShouldBe(t0.AddMinutes(1));
    }

    [Fact]
    public async Task AddWakeSource_ReportsFutureInstantBeforeAnyTimer_TimeJumpsExactlyThere()
    {
        await using var clock = new VirtualClock(Start);
        DateTimeOffset t0;
        long a0;
        Task later;
        int wakes = 0;
        using (clock.Work())
        {
            (t0, a0) = (clock.GetUtcNow(), clock.Advances);
            var due = t0.AddMinutes(7);

            // Once reached, the instant is at or before now: the source has work ready, so time stands there.
            clock.AddWakeSource(() => due, () => Interlocked.Increment(ref wakes));
            later = Task.Delay(TimeSpan.FromMinutes(10), clock);
        }

        await WaitUntilAsync(() => Volatile.Read(ref wakes) >= 1);
        await Task.Delay(QuietWindow);

        clock.GetUtcNow().ShouldBe(t0.AddMinutes(7));
        (clock.Advances - a0).ShouldBe(1);
        Volatile.Read(ref wakes).ShouldBe(1);
        later.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task AddWakeSource_TimerEarlierThanSource_TimeJumpsToTimerFirst()
    {
        await using var clock = new VirtualClock(Start);
        Task? timer = null;
        using var freeze = FreezeWhen(clock, () => timer?.IsCompleted == true);
        DateTimeOffset t0;
        using (clock.Work())
        {
            t0 = clock.GetUtcNow();
            var due = t0.AddMinutes(7);
            clock.AddWakeSource(() => due);
            timer = Task.Delay(TimeSpan.FromMinutes(2), clock);
        }

        await timer.WaitAsync(Ceiling);

        clock.GetUtcNow().ShouldBe(t0.AddMinutes(2));
    }

    [Fact]
    public async Task AddWakeSource_WithWakeCallback_CallbackRunsOnEachAdvance()
    {
        await using var clock = new VirtualClock(Start);
        DateTimeOffset t0;
        long a0;
        int wakes = 0;
        var seen = new List<DateTimeOffset>();
        using (clock.Work())
        {
            (t0, a0) = (clock.GetUtcNow(), clock.Advances);
            var origin = t0;

            // Each wake moves the source's next instant a minute on, up to three minutes, where it stands.
            clock.AddWakeSource(
                () => origin.AddMinutes(Math.Min(Volatile.Read(ref wakes) + 1, 3)),
                () =>
                {
                    lock (seen)
                    {
                        seen.Add(clock.GetUtcNow());
                    }

                    Interlocked.Increment(ref wakes);
                });
        }

        await WaitUntilAsync(() => Volatile.Read(ref wakes) >= 3);
        await Task.Delay(QuietWindow);

        Volatile.Read(ref wakes).ShouldBe(3);
        (clock.Advances - a0).ShouldBe(3);
        lock (seen)
        {
            seen.ShouldBe([t0.AddMinutes(1), t0.AddMinutes(2), t0.AddMinutes(3)]);
        }

        clock.GetUtcNow().ShouldBe(t0.AddMinutes(3));
    }

    [Fact]
    public async Task AddWakeSource_Disposed_CallbackNoLongerRuns()
    {
        await using var clock = new VirtualClock(Start, idleStep: TimeSpan.FromSeconds(1));
        int wakes = 0;
        var source = clock.AddWakeSource(() => null, () => Interlocked.Increment(ref wakes));
        await WaitUntilAsync(() => Volatile.Read(ref wakes) >= 1);

        source.Dispose();
        int atDisposal = Volatile.Read(ref wakes);
        long advancesAtDisposal = clock.Advances;
        await WaitUntilAsync(() => clock.Advances >= advancesAtDisposal + 3);

        // At most one wake already taken from the list when the source was removed may still run.
        Volatile.Read(ref wakes).ShouldBeLessThanOrEqualTo(atDisposal + 1);
    }

    [Fact]
    public async Task HoldWhile_ConditionTrue_TimeStandsUntilConditionFalse()
    {
        await using var clock = new VirtualClock(Start);
        bool held = true;
        Task? delay = null;
        using var hold = clock.HoldWhile(_ => ValueTask.FromResult(Volatile.Read(ref held)));
        using var freeze = FreezeWhen(clock, () => delay?.IsCompleted == true);
        DateTimeOffset t0;
        long a0;
        using (clock.Work())
        {
            (t0, a0) = (clock.GetUtcNow(), clock.Advances);
            delay = Task.Delay(TimeSpan.FromMinutes(1), clock);
        }

        await Task.Delay(QuietWindow);
        bool completedWhileHeld = delay.IsCompleted;
        var (nowWhileHeld, advancesWhileHeld) = (clock.GetUtcNow(), clock.Advances);
        Volatile.Write(ref held, false);
        await delay.WaitAsync(Ceiling);

        completedWhileHeld.ShouldBeFalse();
        nowWhileHeld.ShouldBe(t0);
        advancesWhileHeld.ShouldBe(a0);
        clock.GetUtcNow().ShouldBe(t0.AddMinutes(1));
    }

    [Fact]
    public async Task HoldWhile_ConditionThrows_DoesNotHold()
    {
        await using var clock = new VirtualClock(Start);
        Task? delay = null;
        using var broken = clock.HoldWhile(_ => throw new InvalidOperationException("nothing started yet"));
        using var freeze = FreezeWhen(clock, () => delay?.IsCompleted == true);
        DateTimeOffset t0;
        using (clock.Work())
        {
            t0 = clock.GetUtcNow();
            delay = Task.Delay(TimeSpan.FromMinutes(1), clock);
        }

        await delay.WaitAsync(Ceiling);

        clock.GetUtcNow().ShouldBe(t0.AddMinutes(1));
    }

    [Fact]
    public async Task CreateTimer_WithPeriod_TicksAtExactMultiples()
    {
        await using var clock = new VirtualClock(Start);
        var ticks = new List<DateTimeOffset>();
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DateTimeOffset t0;
        ITimer timer;
        using (clock.Work())
        {
            t0 = clock.GetUtcNow();

            // The callback runs as work, so the time it reads is the instant it fired at.
            timer = clock.CreateTimer(
                _ =>
                {
                    lock (ticks)
                    {
                        ticks.Add(clock.GetUtcNow());
                        if (ticks.Count == 3)
                        {
                            third.TrySetResult();
                        }
                    }
                },
                null,
                TimeSpan.FromMinutes(2),
                TimeSpan.FromMinutes(2));
        }

        await third.Task.WaitAsync(Ceiling);
        timer.Dispose();

        lock (ticks)
        {
            ticks.Take(3).ShouldBe([t0.AddMinutes(2), t0.AddMinutes(4), t0.AddMinutes(6)]);
        }
    }

    [Fact]
    public async Task PeriodicTimer_OnClock_EachTickAfterOnePeriod()
    {
        await using var clock = new VirtualClock(Start);
        PeriodicTimer timer;
        DateTimeOffset t0;
        using (clock.Work())
        {
            t0 = clock.GetUtcNow();
            timer = new PeriodicTimer(TimeSpan.FromMinutes(5), clock);
        }

        var ticks = new List<DateTimeOffset>();

        for (int i = 0; i < 3; i++)
        {
            (await timer.WaitForNextTickAsync().AsTask().WaitAsync(Ceiling)).ShouldBeTrue();
            ticks.Add(clock.GetUtcNow());
        }

        // Read after the tick's continuation, the time is at least the tick and every tick is on the period's grid.
        timer.Dispose();
        ticks.ShouldAllBe(t => (t - t0).Ticks % TimeSpan.FromMinutes(5).Ticks == 0 && t > t0);
        ticks.ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task Change_PendingTimer_FiresOnlyAtNewDueInstant()
    {
        await using var clock = new VirtualClock(Start);
        var fired = new List<DateTimeOffset>();
        Task? end = null;
        using var freeze = FreezeWhen(clock, () => end?.IsCompleted == true);
        DateTimeOffset t0;
        bool changed;
        using (clock.Work())
        {
            t0 = clock.GetUtcNow();
            var timer = clock.CreateTimer(
                _ =>
                {
                    lock (fired)
                    {
                        fired.Add(clock.GetUtcNow());
                    }
                },
                null,
                TimeSpan.FromMinutes(10),
                Timeout.InfiniteTimeSpan);
            changed = timer.Change(TimeSpan.FromMinutes(3), Timeout.InfiniteTimeSpan);
            end = Task.Delay(TimeSpan.FromMinutes(20), clock);
        }

        await end.WaitAsync(Ceiling);

        changed.ShouldBeTrue();
        lock (fired)
        {
            fired.ShouldBe([t0.AddMinutes(3)]);
        }
    }

    [Fact]
    public async Task Dispose_PendingTimer_NeverFires()
    {
        await using var clock = new VirtualClock(Start);
        int fired = 0;
        Task? end = null;
        using var freeze = FreezeWhen(clock, () => end?.IsCompleted == true);
        bool changedAfterDispose;
        using (clock.Work())
        {
            var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            timer.Dispose();
            changedAfterDispose = timer.Change(TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan);
            end = Task.Delay(TimeSpan.FromMinutes(5), clock);
        }

        await end.WaitAsync(Ceiling);

        changedAfterDispose.ShouldBeFalse();
        Volatile.Read(ref fired).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_NothingDue_StepsByIdleStep()
    {
        var idleStep = TimeSpan.FromSeconds(30);
        await using var clock = new VirtualClock(Start, idleStep: idleStep);

        await WaitUntilAsync(() => clock.Advances >= 3);
        DateTimeOffset now;
        long advances;
        using (clock.Work())
        {
            // Inside work the clock cannot move, so the two readings agree.
            (now, advances) = (clock.GetUtcNow(), clock.Advances);
        }

        advances.ShouldBeGreaterThanOrEqualTo(3);
        (now - Start).ShouldBe(idleStep * advances);
    }

    [Theory]
    [InlineData(30, 1, 30)]
    [InlineData(2 * 3600, VirtualClock.LongJumpGraces, 15 * 60)]
    public async Task RunAsync_QuietBeforeMoving_OneGraceForAStepMoreForAJumpPastTheIdleStep(int dueSeconds, int graces, int movedSeconds)
    {
        // Arrange: real time moves only a millisecond at a time, each step after the loop has looked and waits again
        var real = new SteppedRealTime();
        var grace = TimeSpan.FromMilliseconds(5);
        await using var clock = new VirtualClock(Start, grace, real: real);
        _ = Task.Delay(TimeSpan.FromSeconds(dueSeconds), clock);
        await WaitUntilAsync(() => real.Armed > 0);

        // Act
        int steps = 0;
        while (clock.Advances == 0 && steps < 200)
        {
            await real.StepAsync();
            steps++;
        }

        // Assert: quiet counts from the loop's first look (one step in); the move comes once it has lasted long enough
        clock.Advances.ShouldBe(1);
        steps.ShouldBe((grace * graces).Milliseconds + 1);
        clock.GetUtcNow().ShouldBe(Start.AddSeconds(movedSeconds));
    }

    [Fact]
    public async Task GetElapsedTime_SimulatedDelay_MeasuresSimulatedTime()
    {
        await using var clock = new VirtualClock(Start);
        Task? delay = null;
        using var freeze = FreezeWhen(clock, () => delay?.IsCompleted == true);
        long t0;
        using (clock.Work())
        {
            t0 = clock.GetTimestamp();
            delay = Task.Delay(TimeSpan.FromSeconds(2), clock);
        }

        await delay.WaitAsync(Ceiling);

        clock.GetElapsedTime(t0).ShouldBe(TimeSpan.FromSeconds(2));
        clock.TimestampFrequency.ShouldBe(TimeSpan.TicksPerSecond);
    }

    [Fact]
    public async Task Conversions_VirtualTime_AreIdentityAndScaleIsZero()
    {
        await using var clock = new VirtualClock(Start);

        var toReal = clock.ToReal(TimeSpan.FromMinutes(3));
        var fromReal = clock.FromReal(TimeSpan.FromSeconds(7));

        toReal.ShouldBe(TimeSpan.FromMinutes(3));
        fromReal.ShouldBe(TimeSpan.FromSeconds(7));
        clock.Scale.ShouldBe(0);
    }

    [Theory]
    [InlineData("negative grace", -1, 60, "grace")]
    [InlineData("zero idle step", 5, 0, "idleStep")]
    [InlineData("negative idle step", 5, -60, "idleStep")]
    public void Constructor_OutOfRange_Throws(string name, int graceMs, int idleStepSeconds, string parameter)
    {
        var thrown = Should.Throw<ArgumentOutOfRangeException>(
            () => new VirtualClock(Start, TimeSpan.FromMilliseconds(graceMs), TimeSpan.FromSeconds(idleStepSeconds)));

        thrown.ParamName.ShouldBe(parameter, name);
    }

    private static IDisposable FreezeWhen(VirtualClock clock, Func<bool> condition) =>
        clock.HoldWhile(_ => ValueTask.FromResult(condition()));

    /// <summary>A real clock that moves a millisecond when stepped; a step returns once the loop is waiting on it again.</summary>
    private sealed class SteppedRealTime : TimeProvider
    {
        private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _fake = new();
        private int _armed;

        /// <summary>Gets how many waits the loop has set on this clock.</summary>
        public int Armed => Volatile.Read(ref _armed);

        public override long TimestampFrequency => _fake.TimestampFrequency;

        public override long GetTimestamp() => _fake.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = _fake.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _armed);
            return timer;
        }

        public async Task StepAsync()
        {
            int armed = Armed;
            _fake.Advance(TimeSpan.FromMilliseconds(1));
            await WaitUntilAsync(() => Armed > armed);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(Ceiling);
        while (!condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }
}
