using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Seamless.Host.Tests.Support;

/// <summary>A minimal client of the upgrade API, as a CI pipeline would use it: the key in a header, JSON over HTTP.</summary>
internal sealed class UpgradeApi(HttpClient http, string key)
{
    public const string KeyHeader = "x-functions-key";

    public HttpClient Http => http;

    /// <summary>POST /api/upgrades (with optional policy overrides); returns the response (caller asserts status, Location and body).</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> StartAsync(string siteId, string version, string strategy, string delivery, CancellationToken ct, object? policy = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/upgrades")
        {
            Content = policy is null
                ? JsonContent.Create(new { site = siteId, sourceSlot = "staging", targetSlot = "production", version, strategy })
                : JsonContent.Create(new { site = siteId, sourceSlot = "staging", targetSlot = "production", version, strategy, policy }),
        };
        request.Headers.Add(KeyHeader, key);
        request.Headers.Add("Idempotency-Key", delivery);
        var response = await http.SendAsync(request, ct);
        string text = await response.Content.ReadAsStringAsync(ct);
        using var doc = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return (response, doc.RootElement.Clone());
    }

    /// <summary>GET the status resource; null when the host is not answering (e.g. while it restarts).</summary>
    public async Task<JsonElement?> TryGetAsync(Uri statusUri, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, statusUri);
            request.Headers.Add(KeyHeader, key);
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return doc.RootElement.Clone();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>POST {status}/approve or {status}/abort as an operator; returns the status code.</summary>
    public async Task<HttpStatusCode> SignalAsync(Uri statusUri, string action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(statusUri);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{statusUri.OriginalString.TrimEnd('/')}/{action}?reason=crash-test", UriKind.RelativeOrAbsolute));
        request.Headers.Add(KeyHeader, key);
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode;
    }

    /// <summary>Polls until the runtime status is terminal (Completed, Failed, Terminated).</summary>
    public async Task<JsonElement> WaitForEndAsync(Uri statusUri, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (await TryGetAsync(statusUri, ct) is { } view && Str(view, "status") is "Completed" or "Failed" or "Terminated")
            {
                return view;
            }

            await Task.Delay(100, ct);
        }
    }

    public static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
