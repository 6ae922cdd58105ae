namespace Seamless.Simulator.Fleet;

/// <summary>
/// User demand on a site (requests per minute to its production host name, before routing rules
/// split it): a profile (steady or diurnal around <see cref="RequestsPerMinute"/>) or a trace file
/// (CSV <c>minute,value</c>) multiplied by <see cref="Scale"/>.
/// </summary>
public sealed record LoadSpec
{
    /// <summary>The steady profile: constant demand plus noise.</summary>
    public const string Steady = "steady";

    /// <summary>The diurnal profile: a daily sine wave peaking at <see cref="PeakHourUtc"/>.</summary>
    public const string Diurnal = "diurnal";

    /// <summary>Gets the mean requests per minute of a profile.</summary>
    public double RequestsPerMinute { get; set; } = 1200;

    /// <summary>Gets the profile: "steady" (default) or "diurnal". Ignored when <see cref="Trace"/> is set.</summary>
    public string Profile { get; set; } = Steady;

    /// <summary>Gets the relative amplitude of the diurnal profile (0-1).</summary>
    public double Amplitude { get; set; } = 0.5;

    /// <summary>Gets the UTC hour of the diurnal peak.</summary>
    public double PeakHourUtc { get; set; } = 14;

    /// <summary>Gets the relative per-minute noise (deterministic with the seed), e.g. 0.03 = ±3 %.</summary>
    public double Noise { get; set; } = 0.03;

    /// <summary>
    /// Gets a trace file (CSV <c>minute,value</c>): an absolute path, a path relative to the fleet
    /// file, or a file name looked up in <c>SEAMLESS_TRACES</c> and <c>../shared/traces</c>.
    /// </summary>
    public string? Trace { get; set; }

    /// <summary>Gets the multiplier applied to trace values to get requests per minute.</summary>
    public double Scale { get; set; } = 1;

    /// <summary>Gets the trace minute that corresponds to the simulator's start.</summary>
    public long OffsetMinutes { get; set; }
}
