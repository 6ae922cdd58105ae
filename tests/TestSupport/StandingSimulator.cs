using Seamless.Simulator;
using Seamless.Simulator.Faults;

namespace Seamless.TestSupport;

/// <summary>
/// An in-process simulator whose clock stands still until the test moves it. "The earlier write is still
/// running" then holds for as long as the test needs it, however slow or loaded the machine: with a scaled
/// clock it held only for a few real seconds, which a stalled test thread could overrun.
/// </summary>
public sealed class StandingSimulator : IAsyncDisposable
{
    /// <summary>
    /// Simulated seconds per second of the base clock. The base clock only moves when the test moves it, so the
    /// scale merely shrinks the simulator's own real waits and timers on the simulated clock (a 5 s poll interval
    /// waits 5 ms), and turns an lroDelay fault's milliseconds into simulated seconds (DelayMs 60 ⇒ 60 s).
    /// </summary>
    public const long Scale = 1000;

    /// <summary>The simulated start (a minute boundary).</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Real-time ceiling of a wait: only bounds a hang.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    private readonly StandingClock _baseClock;

    private StandingSimulator(SimulatorHost host, StandingClock baseClock)
    {
        Host = host;
        _baseClock = baseClock;
    }

    /// <summary>Gets the simulator.</summary>
    public SimulatorHost Host { get; }

    /// <summary>Starts a simulator standing at <see cref="Start"/>.</summary>
    public static async Task<StandingSimulator> StartAsync(int seed)
    {
        var baseClock = new StandingClock(Start);
        var host = await SimulatorHost.StartAsync(new SimulatorOptions { TimeScale = Scale, Seed = seed, Start = Start, BaseClock = baseClock });
        return new StandingSimulator(host, baseClock);
    }

    /// <summary>Moves the simulated clock forward by <paramref name="simulated"/> (rounded up to the base clock's tick).</summary>
    public void Advance(TimeSpan simulated) =>
        _baseClock.Advance(TimeSpan.FromTicks((simulated.Ticks + Scale - 1) / Scale));

    /// <summary>
    /// Returns once the simulator has received <paramref name="count"/> more calls of <paramref name="operation"/>
    /// (e.g. "getPlan"). A zero-delay fault serves as the counter: the simulator consumes one per matching call
    /// and drops the rule when none is left; it changes no answer and is not logged as an operation.
    /// </summary>
    public async Task WaitForCallsAsync(string operation, int count)
    {
        Host.State.InjectFault(new FaultSpec { Operation = operation, Kind = FaultSpec.Delay, DelayMs = 0, Count = count });
        using var hang = new CancellationTokenSource(HangLimit);
        while (Host.State.Faults.Any(f => f.Operation == operation && f.Kind == FaultSpec.Delay))
        {
            await Task.Delay(5, hang.Token);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
