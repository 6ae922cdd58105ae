namespace Seamless.Host.Serving;

/// <summary>How <c>seamless serve</c> (and the demo) runs.</summary>
public sealed record ServeSettings
{
    /// <summary>Gets the URLs to listen on.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:7071";

    /// <summary>Gets a value indicating whether an in-process simulator stands in for Azure.</summary>
    public bool Simulate { get; init; }

    /// <summary>Gets the base URL ARM, metrics and probes go to instead of Azure (e.g. a standalone simulator).</summary>
    public Uri? AzureEndpoint { get; init; }

    /// <summary>Gets the static bearer token used with <see cref="AzureEndpoint"/>.</summary>
    public string Token { get; init; } = "simulator";

    /// <summary>Gets the directory of the durable state (default <see cref="DataFolder.DefaultPath"/>); one process owns it at a time.</summary>
    public string DataDirectory { get; init; } = DataFolder.DefaultPath;

    /// <summary>Gets simulated seconds per real second (simulator and engine share the clock).</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>
    /// Gets a value indicating whether the app runs on virtual time: time stands still while anything works and
    /// jumps to the next due instant when all is quiet, so what happens in simulated time does not depend on the
    /// machine's speed (tests). With <see cref="Simulate"/> the in-process simulator shares the clock; with
    /// <see cref="AzureEndpoint"/> the app drives a standalone simulator started with <c>--driven-time</c>
    /// (<see cref="DrivenSimulator"/>). <see cref="TimeScale"/> is then not used.
    /// </summary>
    public bool VirtualTime { get; init; }

    /// <summary>Gets the simulator fleet file (with <see cref="Simulate"/>).</summary>
    public string? FleetFile { get; init; }

    /// <summary>Gets the simulated fleet itself (with <see cref="Simulate"/>; overrides <see cref="FleetFile"/>).</summary>
    public Seamless.Simulator.Fleet.FleetSpec? Fleet { get; init; }

    /// <summary>Gets the simulated start time (with <see cref="Simulate"/>; default now).</summary>
    public DateTimeOffset? SimulationStart { get; init; }

    /// <summary>Gets extra configuration (key → value) layered over appsettings and environment.</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();
}
