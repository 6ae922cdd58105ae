using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Model;

/// <summary>
/// How the simulated platform removes instances on scale-in (anchors: the removed instance stops receiving
/// new requests at once and drains for about 90 s) and how users' sessions are modelled.
/// </summary>
public sealed record DrainSettings
{
    /// <summary>Seconds a removed instance drains before requests still running on it fail.</summary>
    public const double DefaultDrainSeconds = 90;

    /// <summary>Minutes a session lives after it starts (the app's session idle timeout: ASP.NET Core's default 20 min).</summary>
    public const double DefaultSessionLifetimeMinutes = 20;

    /// <summary>Requests per user session (new sessions per minute = requests per minute / this).</summary>
    public const double DefaultRequestsPerSession = 10;

    /// <summary>Gets the drain time in seconds.</summary>
    public double DrainSeconds { get; init; } = DefaultDrainSeconds;

    /// <summary>Gets the session lifetime in minutes.</summary>
    public double SessionLifetimeMinutes { get; init; } = DefaultSessionLifetimeMinutes;

    /// <summary>Gets the requests per session.</summary>
    public double RequestsPerSession { get; init; } = DefaultRequestsPerSession;
}

/// <summary>A site's affinity, request-duration distribution, sessions and scale-in damage. Guarded by the state's lock.</summary>
internal sealed class SiteDrainState
{
    public required bool AffinityEnabled { get; set; }

    /// <summary>Gets or sets the share of requests that are long (0-1); the rest take the build's latency.</summary>
    public required double LongRequestShare { get; set; }

    /// <summary>Gets or sets how long a long request runs (seconds).</summary>
    public required double LongRequestSeconds { get; set; }

    /// <summary>Gets sessions started per instance per minute (only while affinity is on).</summary>
    public Dictionary<string, Dictionary<long, double>> SessionStarts { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the application queue (requests of this site queued per instance) per minute.</summary>
    public Dictionary<long, Dictionary<string, GaugeAcc>> QueueMinutes { get; } = [];

    public double FailedByScaleIn { get; set; }

    public double SessionsLost { get; set; }

    public static SiteDrainState From(SiteSpec spec) => new()
    {
        AffinityEnabled = spec.ClientAffinityEnabled,
        LongRequestShare = Math.Clamp(spec.LongRequestShare, 0, 1),
        LongRequestSeconds = Math.Max(0, spec.LongRequestSeconds),
    };

    /// <summary>Sessions on an instance that are alive at <paramref name="at"/> (started within the lifetime before it).</summary>
    public double SessionsOn(string instanceId, DateTimeOffset at, double lifetimeMinutes)
    {
        if (!SessionStarts.TryGetValue(instanceId, out var starts))
        {
            return 0;
        }

        long now = SimulatorState.MinuteOf(at);
        long first = now - (long)Math.Ceiling(lifetimeMinutes) + 1;
        return starts.Where(kv => kv.Key >= first && kv.Key <= now).Sum(kv => kv.Value);
    }
}

/// <summary>An instance the platform took out of the load balancer; it leaves the plan at <see cref="Until"/>.</summary>
/// <param name="PlanId">The plan's ARM id.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="Since">When the drain began.</param>
/// <param name="Until">When the instance leaves.</param>
public sealed record DrainingInstance(string PlanId, string InstanceId, DateTimeOffset Since, DateTimeOffset Until);

/// <summary>What scale-in did to one site's users.</summary>
/// <param name="ClientAffinityEnabled">The site's ARR affinity setting.</param>
/// <param name="LongRequestShare">Share of long requests.</param>
/// <param name="LongRequestSeconds">Duration of a long request.</param>
/// <param name="ActiveSessions">Sessions alive now (affinity on only).</param>
/// <param name="FailedByScaleIn">Requests still running when a drained instance left (they failed).</param>
/// <param name="SessionsLost">Sessions pinned to an instance when it left.</param>
public sealed record SiteDrainSnapshot(
    bool ClientAffinityEnabled,
    double LongRequestShare,
    double LongRequestSeconds,
    double ActiveSessions,
    double FailedByScaleIn,
    double SessionsLost);
