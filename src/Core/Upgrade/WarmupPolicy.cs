namespace Seamless.Core.Upgrade;

/// <summary>How an instance of the new build is warmed and when it counts as warm.</summary>
/// <remarks>
/// Stricter than the platform's own swap warm-up (any HTTP status counts as warm): here an instance is warm
/// only after <see cref="ConsecutivePasses"/> consecutive probes of every path answered with an allowed status
/// within <see cref="LatencyBound"/>.
/// </remarks>
public sealed record WarmupPolicy
{
    /// <summary>Default number of consecutive passing probes per path.</summary>
    public const int DefaultConsecutivePasses = 3;

    /// <summary>Default probe path.</summary>
    public static readonly IReadOnlyList<string> DefaultPaths = ["/"];

    /// <summary>Default allowed status codes.</summary>
    public static readonly IReadOnlyList<int> DefaultAllowedStatusCodes = [200];

    /// <summary>Default latency bound of a passing probe.</summary>
    public static readonly TimeSpan DefaultLatencyBound = TimeSpan.FromSeconds(2);

    /// <summary>Default overall warm-up timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Default interval between probes of one instance.</summary>
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(5);

    /// <summary>Gets the paths probed on every instance.</summary>
    public IReadOnlyList<string> Paths { get; init; } = DefaultPaths;

    /// <summary>Gets the status codes that count as a pass.</summary>
    public IReadOnlyList<int> AllowedStatusCodes { get; init; } = DefaultAllowedStatusCodes;

    /// <summary>Gets the latency a passing probe must not exceed.</summary>
    public TimeSpan LatencyBound { get; init; } = DefaultLatencyBound;

    /// <summary>Gets the number of consecutive passing probes each path needs.</summary>
    public int ConsecutivePasses { get; init; } = DefaultConsecutivePasses;

    /// <summary>Gets the overall timeout, from the start of the warm-up.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Gets the interval between probes of one instance.</summary>
    public TimeSpan ProbeInterval { get; init; } = DefaultProbeInterval;
}

/// <summary>One probe of one path on one instance (or on the slot, for smoke tests).</summary>
/// <param name="InstanceId">The instance probed (ARRAffinity), or null when probed through the slot host name.</param>
/// <param name="Path">The path probed.</param>
/// <param name="StatusCode">The HTTP status, or null when no response came.</param>
/// <param name="Latency">Time to the response (or to the error).</param>
/// <param name="At">When the probe was sent.</param>
/// <param name="Error">The transport error (timeout, refused connection), or null.</param>
public sealed record ProbeObservation(string? InstanceId, string Path, int? StatusCode, TimeSpan Latency, DateTimeOffset At, string? Error = null);
