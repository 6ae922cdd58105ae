using Seamless.Simulator.Fleet;

namespace Seamless.Simulator;

/// <summary>Options of a simulator instance (standalone or in-process).</summary>
public sealed record SimulatorOptions
{
    /// <summary>Gets a fleet file (JSON, see README.md); ignored when <see cref="Fleet"/> is set.</summary>
    public string? FleetFile { get; init; }

    /// <summary>Gets the fleet; when null and no file is given, <see cref="DefaultFleet"/> is used.</summary>
    public FleetSpec? Fleet { get; init; }

    /// <summary>Gets the simulated seconds per real second (≥ 1).</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>Gets the simulated start time (truncated to the minute); defaults to the real time now.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Gets the seed of every random choice (noise, instance ids, probabilistic faults).</summary>
    public int Seed { get; init; }

    /// <summary>Gets the URLs to bind; default: 127.0.0.1 on a free port.</summary>
#pragma warning disable CA1819 // The contract shared with the Host is an array (ASP.NET Core's own Urls shape).
    public string[]? Urls { get; init; }
#pragma warning restore CA1819

    /// <summary>Gets how the platform drains removed instances (default 90 s) and how sessions are modelled.</summary>
    public Model.DrainSettings Drain { get; init; } = new();

    /// <summary>Gets the real base clock (tests may pass a fake); default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? BaseClock { get; init; }

    /// <summary>
    /// Gets a value indicating whether simulated time stands still until the caller moves it (a
    /// <see cref="Core.Time.DrivenClock"/>: each call's <c>x-seamless-now</c> header and <c>POST /_sim/clock</c>); the
    /// simulated waits made while serving a call are owed to the caller (<c>x-seamless-latency</c>). For a Host on
    /// virtual time in another process; <see cref="TimeScale"/> and <see cref="BaseClock"/> are then not used.
    /// </summary>
    public bool DrivenTime { get; init; }

    /// <summary>
    /// Gets a simulated clock to run on, shared with the code under test (e.g. a <see cref="Core.Time.VirtualClock"/>);
    /// when set, <see cref="TimeScale"/>, <see cref="BaseClock"/> and <see cref="Start"/> are not used and the
    /// simulation starts at the clock's current minute.
    /// </summary>
    public Core.Time.SimulatedClock? Clock { get; init; }
}
