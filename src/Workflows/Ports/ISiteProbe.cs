namespace Seamless.Workflows.Ports;

/// <summary>HTTP probes of a slot's instances (warm-up and smoke checks).</summary>
public interface ISiteProbe
{
    /// <summary>
    /// Sends GET https://{HostName}{Path} pinned to one instance with the <c>ARRAffinity</c> cookie.
    /// Never throws for HTTP or network failures: they come back as a result with <see cref="ProbeResult.Error"/>.
    /// </summary>
    Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken);
}

/// <summary>A probe request.</summary>
/// <param name="HostName">The slot host name, e.g. app-staging.azurewebsites.net.</param>
/// <param name="Path">The path, starting with '/'.</param>
/// <param name="InstanceId">The instance to pin (ARRAffinity), or null for any.</param>
/// <param name="Timeout">Per-request timeout.</param>
public sealed record ProbeRequest(string HostName, string Path, string? InstanceId, TimeSpan Timeout);

/// <summary>A probe result.</summary>
/// <param name="StatusCode">The HTTP status, 0 when no response.</param>
/// <param name="Latency">Time to response headers.</param>
/// <param name="Error">Transport error or timeout description, if any.</param>
public sealed record ProbeResult(int StatusCode, TimeSpan Latency, string? Error = null);
