namespace Seamless.Host.Tests.Serving;

/// <summary>
/// The real time a virtual clock measures its quiet on, standing until <see cref="Resume"/>: the test's own setup (JIT
/// on a loaded CI machine) is not quiet in which simulated time may move before the loop under test has started. Its
/// timers run on the system clock, so the virtual clock's loop keeps looking.
/// </summary>
internal sealed class RealTimeFromResume : TimeProvider
{
    private long _resumedAt = -1;

    public override long TimestampFrequency => System.TimestampFrequency;

    public void Resume() => Interlocked.CompareExchange(ref _resumedAt, System.GetTimestamp(), -1);

    public override long GetTimestamp() => Interlocked.Read(ref _resumedAt) is var at and >= 0 ? System.GetTimestamp() - at : 0;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}
