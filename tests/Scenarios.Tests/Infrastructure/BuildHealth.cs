namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>How a build behaves once it serves traffic, as Azure Monitor would show it.</summary>
internal enum BuildHealth
{
    /// <summary>About 0.1 % 5xx and 200 ms responses.</summary>
    Healthy,

    /// <summary>About 10 % 5xx and 1.2 s responses.</summary>
    Degraded,

    /// <summary>Serves, but Azure Monitor shows no requests (no traffic, or a build that broke its telemetry): no evidence either way.</summary>
    Silent,
}
