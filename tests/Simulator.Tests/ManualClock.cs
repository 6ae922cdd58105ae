namespace Seamless.Simulator.Tests;

/// <summary>
/// A base clock that stands still until a test moves it, so an assertion about "the current minute"
/// cannot be broken by the scaled clock crossing a minute boundary between two lines of the test.
/// Timers still run on the system clock (the simulator's ticker only advances state to <see cref="GetUtcNow"/>).
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}
