namespace Seamless.Simulator.Fleet;

/// <summary>
/// How a deployed build behaves on an instance: cold start, latency and the ways it can be faulty.
/// Every field has a healthy default, so <c>new BuildSpec { Version = "v2" }</c> is a good build.
/// </summary>
public sealed record BuildSpec
{
    /// <summary>Default simulated seconds an instance needs after a (re)start before it serves correctly.</summary>
    public const double DefaultColdStartSeconds = 90;

    /// <summary>Default response time of a warm instance at low load, in milliseconds.</summary>
    public const double DefaultLatencyMs = 80;

    /// <summary>Default utilisation above which <see cref="ErrorRateUnderLoad"/> applies.</summary>
    public const double DefaultLoadThreshold = 0.6;

    /// <summary>Gets the version label (what <c>/_sim/state</c> reports as deployed).</summary>
    public string Version { get; set; } = "v1";

    /// <summary>Gets the simulated seconds an instance needs after a (re)start; it also needs one request after that.</summary>
    public double ColdStartSeconds { get; set; } = DefaultColdStartSeconds;

    /// <summary>Gets the response time of a warm instance at low load, in milliseconds.</summary>
    public double LatencyMs { get; set; } = DefaultLatencyMs;

    /// <summary>Gets the baseline fraction of requests answered with 5xx by a warm instance.</summary>
    public double ErrorRate { get; set; }

    /// <summary>Gets the additional 5xx fraction while instance utilisation is at or above <see cref="LoadThreshold"/>.</summary>
    public double ErrorRateUnderLoad { get; set; }

    /// <summary>Gets the utilisation (0-1+) at which <see cref="ErrorRateUnderLoad"/> starts.</summary>
    public double LoadThreshold { get; set; } = DefaultLoadThreshold;

    /// <summary>
    /// Gets the minutes in production after which the error rates start to apply; null means they
    /// apply from the start (and on every slot). When set, the build is clean until it has served
    /// production for that long, the failure a short canary cannot see.
    /// </summary>
    public double? DegradeAfterMinutes { get; set; }

    /// <summary>Gets a value indicating whether the build never becomes healthy (every path keeps answering 503).</summary>
    public bool FailsWarmup { get; set; }
}
