using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Http;

/// <summary>Body of <c>POST /_sim/deploy</c>.</summary>
/// <param name="Site">Site name.</param>
/// <param name="Slot">Slot name ("production" for the site).</param>
/// <param name="Version">Version label (overrides <c>build.version</c>).</param>
/// <param name="Build">Build behaviour; defaults to a healthy build.</param>
/// <param name="RecordedVersion">
/// What CI records in the <c>SEAMLESS_BUILD_VERSION</c> app setting: absent or null records the version; "" records
/// nothing (the setting is removed); any other value is recorded while the deployed version runs (a CI mistake).
/// </param>
public sealed record DeployRequest(string Site, string? Slot, string? Version, BuildSpec? Build, string? RecordedVersion);

/// <summary>Body of <c>POST /_sim/load</c>: the site and either a rate, a profile or a trace.</summary>
public sealed record LoadRequest
{
    /// <summary>Gets the site name.</summary>
    public string Site { get; set; } = string.Empty;

    /// <summary>Gets the mean requests per minute.</summary>
    public double? RequestsPerMinute { get; set; }

    /// <summary>Gets the profile ("steady" or "diurnal").</summary>
    public string? Profile { get; set; }

    /// <summary>Gets the diurnal amplitude.</summary>
    public double? Amplitude { get; set; }

    /// <summary>Gets the diurnal peak hour (UTC).</summary>
    public double? PeakHourUtc { get; set; }

    /// <summary>Gets the relative noise.</summary>
    public double? Noise { get; set; }

    /// <summary>Gets a trace file.</summary>
    public string? Trace { get; set; }

    /// <summary>Gets the trace multiplier.</summary>
    public double? Scale { get; set; }

    /// <summary>Gets the trace offset in minutes.</summary>
    public long? OffsetMinutes { get; set; }

    /// <summary>Converts to a <see cref="LoadSpec"/> (unset fields keep their defaults).</summary>
    public LoadSpec ToLoadSpec()
    {
        var d = new LoadSpec();
        return new LoadSpec
        {
            RequestsPerMinute = RequestsPerMinute ?? d.RequestsPerMinute,
            Profile = Profile ?? d.Profile,
            Amplitude = Amplitude ?? d.Amplitude,
            PeakHourUtc = PeakHourUtc ?? d.PeakHourUtc,
            Noise = Noise ?? d.Noise,
            Trace = Trace,
            Scale = Scale ?? d.Scale,
            OffsetMinutes = OffsetMinutes ?? d.OffsetMinutes,
        };
    }
}

/// <summary>Body of <c>POST /_sim/request-profile</c>: a site's ARR affinity and long requests (null leaves a value).</summary>
/// <param name="Site">The site name.</param>
/// <param name="ClientAffinityEnabled">ARR affinity.</param>
/// <param name="LongRequestShare">Share of long requests (0-1).</param>
/// <param name="LongRequestSeconds">Duration of a long request.</param>
public sealed record RequestProfileRequest(string Site, bool? ClientAffinityEnabled, double? LongRequestShare, double? LongRequestSeconds);

/// <summary>Body of <c>GET /_sim/clock</c>.</summary>
/// <param name="Now">Simulated now.</param>
/// <param name="Scale">Simulated seconds per real second.</param>
/// <param name="Start">Simulated start.</param>
/// <param name="Driven">Whether time stands still until the caller moves it (<c>--driven-time</c>).</param>
public sealed record ClockResponse(DateTimeOffset Now, double Scale, DateTimeOffset Start, bool Driven);

/// <summary>Body of <c>POST /_sim/clock</c> (driven time only).</summary>
/// <param name="Now">The time to move to; an earlier one changes nothing.</param>
public sealed record ClockMove(DateTimeOffset? Now);

/// <summary>Error body of the control API.</summary>
/// <param name="Error">Message.</param>
public sealed record ControlError(string Error);
