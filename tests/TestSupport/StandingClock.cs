using Microsoft.Extensions.Time.Testing;

namespace Seamless.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose time stands still until the test advances it, but whose timers run on the
/// system clock. It is the base clock of a standing simulator: the simulator's ticker and the scaled clock's waits
/// (a 5 s simulated poll is 5 ms of base time) must keep firing in real time, whereas FakeTimeProvider's own timers
/// fire only when the test advances it, which would stall them.
/// </summary>
public sealed class StandingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}
