namespace Seamless.Core.Time;

/// <summary>
/// A clock that runs <see cref="Scale"/> times faster than its base clock from an anchor, so a
/// ten-minute window of simulated time passes in seconds. Shared by the simulator and the engine so
/// both see the same simulated time. It reads only the injected base provider.
/// </summary>
public sealed class ScaledTimeProvider : SimulatedClock
{
    private readonly TimeProvider _base;
    private readonly DateTimeOffset _realAnchor;

    /// <summary>Initializes a new instance of the <see cref="ScaledTimeProvider"/> class.</summary>
    /// <param name="baseProvider">The real clock.</param>
    /// <param name="simulatedAnchor">Simulated time at the moment of construction.</param>
    /// <param name="scale">Simulated seconds per real second (≥ 1).</param>
    public ScaledTimeProvider(TimeProvider baseProvider, DateTimeOffset simulatedAnchor, double scale)
    {
        ArgumentNullException.ThrowIfNull(baseProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1.0);
        _base = baseProvider;
        _realAnchor = baseProvider.GetUtcNow();
        SimulatedAnchor = simulatedAnchor;
        Scale = scale;
    }

    /// <summary>Gets simulated seconds per real second.</summary>
    public override double Scale { get; }

    /// <summary>Gets the simulated time at construction.</summary>
    public DateTimeOffset SimulatedAnchor { get; }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        var realElapsed = _base.GetUtcNow() - _realAnchor;
        return SimulatedAnchor + TimeSpan.FromTicks((long)(realElapsed.Ticks * Scale));
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _base.CreateTimer(callback, state, Shrink(dueTime), Shrink(period));

    /// <summary>Converts a simulated duration to the real duration it takes.</summary>
    public override TimeSpan ToReal(TimeSpan simulated) => Shrink(simulated);

    /// <inheritdoc/>
    public override TimeSpan FromReal(TimeSpan real) => TimeSpan.FromTicks((long)(real.Ticks * Scale));

    /// <inheritdoc/>
    public override Task DelayAsync(TimeSpan simulated, CancellationToken cancellationToken) =>
        simulated <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(Shrink(simulated), _base, cancellationToken);

    private TimeSpan Shrink(TimeSpan t) =>
        t == Timeout.InfiniteTimeSpan || t <= TimeSpan.Zero ? t : TimeSpan.FromTicks(Math.Max(1, (long)(t.Ticks / Scale)));
}
