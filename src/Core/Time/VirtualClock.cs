using System.Globalization;

namespace Seamless.Core.Time;

/// <summary>
/// Virtual time for a whole simulated system in one process: time stands still while anything works and,
/// once everything has been quiet for a short real-time grace, jumps to the next instant something is due
/// (a timer, or a wake time reported by a source such as the durable engine's queue). Work is what holds
/// a <see cref="Work"/> scope (a request being served or sent), a timer callback running, or a wake source
/// reporting work that is ready now. However slow the machine, work takes no simulated time, so what
/// happens in simulated time does not depend on how fast the code runs.
/// </summary>
/// <remarks>
/// A test that must act at a certain point adds a hold (<see cref="HoldWhile"/>): time does not move on
/// while its condition is true. A simulated wait inside work (<see cref="DelayAsync"/>, e.g. a site's
/// latency while serving a probe) suspends that work, so time can pass through it.
/// </remarks>
public sealed partial class VirtualClock : SimulatedClock, IAsyncDisposable
{
    /// <summary>The request header a client sends with the id of its open work, so the server serving it joins that work.</summary>
    public const string WorkHeader = "x-seamless-work";

    /// <summary>Default real-time quiet needed before time moves on.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMilliseconds(5);

    /// <summary>Default step when nothing at all is due.</summary>
    public static readonly TimeSpan DefaultIdleStep = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest single jump: a far timer (a day-long purge interval) is reached in steps of this size, each after its
    /// own quiet grace, so a moment of quiet misread (work the clock could not see for longer than the grace) costs at
    /// most this much simulated time instead of everything up to that timer.
    /// </summary>
    public static readonly TimeSpan MaxJump = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How many graces of quiet a jump longer than the idle step needs. Such a jump passes everything a misread could hide
    /// (a moment in which work the clock cannot see goes on: a 15-minute jump once skipped a release's guard window under
    /// CI load), and a misread lasts as long as a thread stays descheduled in that moment: the longer the quiet asked, the
    /// rarer one lasts through it. A step to something due soon keeps the single grace.
    /// </summary>
    public const int LongJumpGraces = 4;

    private static readonly AsyncLocal<WorkScope?> Ambient = new();
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(1);

    private readonly Lock _gate = new();
    private readonly PriorityQueue<(ClockTimer Timer, long Version), (long Due, long Sequence)> _timers = new();
    private readonly Dictionary<string, WorkScope> _open = new(StringComparer.Ordinal);
    private readonly List<Func<DateTimeOffset?>> _wakeSources = [];
    private readonly List<Task> _awaited = [];
    private readonly List<Action> _onAdvance = [];
    private readonly List<Func<CancellationToken, ValueTask<bool>>> _holds = [];
    private readonly List<Func<DateTimeOffset, CancellationToken, Task>> _publishers = [];
    private readonly TimeProvider _real;
    private readonly TimeSpan _grace;
    private readonly TimeSpan _idleStep;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _now;
    private long _sequence;
    private long _changes;
    private long _workIds;
    private int _working;

    /// <summary>Initializes a new instance of the <see cref="VirtualClock"/> class and starts it.</summary>
    /// <param name="start">The simulated time it starts at.</param>
    /// <param name="grace">Real-time quiet needed before time moves on (default <see cref="DefaultGrace"/>).</param>
    /// <param name="idleStep">How far time moves when nothing is due (default <see cref="DefaultIdleStep"/>).</param>
    /// <param name="real">The real clock the grace is measured on (default the system clock).</param>
    public VirtualClock(DateTimeOffset start, TimeSpan? grace = null, TimeSpan? idleStep = null, TimeProvider? real = null)
    {
        _now = start.UtcTicks;
        _grace = grace ?? DefaultGrace;
        _idleStep = idleStep ?? DefaultIdleStep;
        ArgumentOutOfRangeException.ThrowIfLessThan(_grace, TimeSpan.Zero, nameof(grace));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_idleStep, TimeSpan.Zero, nameof(idleStep));
        _real = real ?? System;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Gets 0: virtual time jumps, it does not run at a speed.</summary>
    public override double Scale => 0;

    /// <summary>Gets how many times time has moved on.</summary>
    public long Advances { get; private set; }

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _now), TimeSpan.Zero);

    /// <inheritdoc/>
    public override long GetTimestamp() => Interlocked.Read(ref _now);

    /// <summary>A client of this clock waits simulated time, so no conversion.</summary>
    public override TimeSpan ToReal(TimeSpan simulated) => simulated;

    /// <summary>A real-time figure is read as the same simulated duration.</summary>
    public override TimeSpan FromReal(TimeSpan real) => real;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ClockTimer(Change, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <inheritdoc/>
    public override async Task<T> WaitOnAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompleted)
        {
            return await task.ConfigureAwait(false);
        }

        var scope = Ambient.Value;
        if (scope is null)
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // From the moment the task completes, inside the work that carries it, the waiter counts as working again,
        // though it resumes only when its continuation runs: a batch read completes its callers' tasks and closes its
        // work before they run, and a caller still suspended then left nothing for the clock to see.
        lock (_gate)
        {
            _awaited.Add(task);
            _changes++;
        }

        scope.Suspend();
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            scope.Resume();
            lock (_gate)
            {
                _awaited.Remove(task);
                _changes++;
            }
        }
    }

    /// <inheritdoc/>
    public override async Task DelayAsync(TimeSpan simulated, CancellationToken cancellationToken)
    {
        if (simulated <= TimeSpan.Zero)
        {
            return;
        }

        // The wait's timer is set before the work is suspended: suspended first, a loop that looked in between saw
        // nothing working and nothing due and took an idle step (a 1-second step before a 1-millisecond wait, once in a
        // loaded test run).
        var delay = Task.Delay(simulated, this, cancellationToken);
        var scope = Ambient.Value;
        scope?.Suspend();
        try
        {
            await delay.ConfigureAwait(false);
        }
        finally
        {
            scope?.Resume();
        }
    }

    /// <inheritdoc/>
    public override IDisposable Work()
    {
        string id = Interlocked.Increment(ref _workIds).ToString(CultureInfo.InvariantCulture);
        var scope = new WorkScope(this, id, Ambient.Value);
        lock (_gate)
        {
            _open[id] = scope;
            _working++;
            _changes++;
        }

        Ambient.Value = scope;
        return scope;
    }

    /// <inheritdoc/>
    public override IDisposable Join(string? workId)
    {
        WorkScope? scope = null;
        if (workId is not null)
        {
            lock (_gate)
            {
                _open.TryGetValue(workId, out scope);
            }
        }

        if (scope is null)
        {
            return Work();
        }

        var previous = Ambient.Value;
        Ambient.Value = scope;
        return new Joined(previous);
    }

    /// <summary>Gets the id of the work the calling code runs in (to announce in <see cref="WorkHeader"/>), or null.</summary>
    public static string? CurrentWorkId => Ambient.Value?.Id;

    /// <summary>Adds a source of wake times: when it reports an instant at or before now, work is ready and time stands still.</summary>
    public IDisposable AddWakeSource(Func<DateTimeOffset?> nextDue)
    {
        ArgumentNullException.ThrowIfNull(nextDue);
        lock (_gate)
        {
            _wakeSources.Add(nextDue);
        }

        return new Removal(() =>
        {
            lock (_gate)
            {
                _wakeSources.Remove(nextDue);
            }
        });
    }

    /// <summary>
    /// Adds a source of wake times: when it reports an instant at or before now, work is ready and time stands
    /// still; <paramref name="wake"/> runs each time the clock moves on (so a poller need not wait for its next poll).
    /// </summary>
    public IDisposable AddWakeSource(Func<DateTimeOffset?> nextDue, Action wake)
    {
        ArgumentNullException.ThrowIfNull(wake);
        var source = AddWakeSource(nextDue);
        lock (_gate)
        {
            _onAdvance.Add(wake);
        }

        return new Removal(() =>
        {
            source.Dispose();
            lock (_gate)
            {
                _onAdvance.Remove(wake);
            }
        });
    }

    /// <summary>
    /// Adds a publisher of the time: each time the clock moves on, <paramref name="publish"/> hears the new time before
    /// any timer due at it runs (e.g. to move a simulator in another process that this clock drives).
    /// </summary>
    public IDisposable AddPublisher(Func<DateTimeOffset, CancellationToken, Task> publish)
    {
        ArgumentNullException.ThrowIfNull(publish);
        lock (_gate)
        {
            _publishers.Add(publish);
        }

        return new Removal(() =>
        {
            lock (_gate)
            {
                _publishers.Remove(publish);
            }
        });
    }

    /// <summary>Holds time while <paramref name="condition"/> is true (checked before every move); dispose to release.</summary>
    public IDisposable HoldWhile(Func<CancellationToken, ValueTask<bool>> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        lock (_gate)
        {
            _holds.Add(condition);
            _changes++;
        }

        return new Removal(() =>
        {
            lock (_gate)
            {
                _holds.Remove(condition);
                _changes++;
            }
        });
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
