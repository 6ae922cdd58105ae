using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Ports;

namespace Seamless.Azure;

/// <summary>
/// <see cref="ISiteProbe"/> over HTTP: GET https://{host}{path} pinned to one instance with the
/// <c>ARRAffinity</c>/<c>ARRAffinitySameSite</c> cookies. With <see cref="AzureAccessOptions.DataPlaneEndpoint"/>
/// set (simulator) the request goes to <c>{endpoint}/_sim/web/{host}{path}</c> with the same cookies.
/// HTTP and network failures come back as results, never as exceptions.
/// </summary>
public sealed class HttpSiteProbe : ISiteProbe
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client the probe uses.</summary>
    public const string HttpClientName = "Seamless.SiteProbe";

    private readonly IHttpClientFactory _clients;
    private readonly AzureAccessOptions _options;
    private readonly ILogger<HttpSiteProbe> _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="HttpSiteProbe"/> class.</summary>
    public HttpSiteProbe(IHttpClientFactory clients, IOptions<AzureAccessOptions> options, ILogger<HttpSiteProbe> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _clients = clients;
        _options = options.Value;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Builds the URL a probe is sent to.</summary>
    public static Uri BuildUri(ProbeRequest request, Uri? dataPlaneEndpoint)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.HostName, nameof(request));
        if (request.HostName.Any(c => c is '/' or '?' or '#' or '@' or ' '))
        {
            throw new ArgumentException("The host name must be a bare DNS name.", nameof(request));
        }

        string path = string.IsNullOrEmpty(request.Path) ? "/" : request.Path;
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("The probe path must start with '/'.", nameof(request));
        }

        return dataPlaneEndpoint is null
            ? new Uri($"https://{request.HostName}{path}")
            : new Uri($"{dataPlaneEndpoint.AbsoluteUri.TrimEnd('/')}/_sim/web/{request.HostName}{path}");
    }

    /// <inheritdoc/>
    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        Uri uri = BuildUri(request, _options.DataPlaneEndpoint);
        TimeSpan timeout = request.Timeout > TimeSpan.Zero ? request.Timeout : _options.ProbeTimeout;
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        if (!string.IsNullOrEmpty(request.InstanceId))
        {
            string affinity = WebUtility.UrlEncode(request.InstanceId);
            message.Headers.Add("Cookie", $"ARRAffinity={affinity}; ARRAffinitySameSite={affinity}");
        }

        using var timeoutSource = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        long started = _timeProvider.GetTimestamp();
        try
        {
            HttpClient client = _clients.CreateClient(HttpClientName);
            using HttpResponseMessage response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return new ProbeResult((int)response.StatusCode, _timeProvider.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(request, _timeProvider.GetElapsedTime(started), $"Timed out after {timeout.TotalMilliseconds:0} ms.");
        }
        catch (HttpRequestException ex)
        {
            return Failed(request, _timeProvider.GetElapsedTime(started), ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError}: {ex.Message}");
        }
    }

    private ProbeResult Failed(ProbeRequest request, TimeSpan latency, string error)
    {
        // Path without query: a query may carry keys.
        string path = request.Path.Split('?', 2)[0];
        Logs.ProbeFailed(_logger, request.HostName, path, request.InstanceId, error);
        return new ProbeResult(0, latency, error);
    }
}
