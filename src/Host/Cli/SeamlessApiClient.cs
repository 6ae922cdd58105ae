using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Seamless.Api;
using Seamless.Api.Handlers;
using Seamless.Workflows.Orchestration;

namespace Seamless.Host.Cli;

/// <summary>
/// A client of the Seamless HTTP API (either host): what CI and the CLI call. A refusal surfaces as a
/// <see cref="SeamlessApiException"/> carrying the problem's title and detail; a host that cannot be reached as
/// an <see cref="HttpRequestException"/> naming its URL and how to point the CLI elsewhere.
/// </summary>
public sealed class SeamlessApiClient(HttpClient http, string? apiKey, string? webhookSecret = null)
{
    /// <summary>Starts an upgrade; returns the status code and the upgrade id (or the problem detail).</summary>
    public async Task<(HttpStatusCode Status, string? Id, string Body)> StartUpgradeAsync(object request, string? deliveryId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, WorkflowJson.Options);
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/upgrades") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (deliveryId is not null)
        {
            message.Headers.Add(UpgradeDeliveryHandler.IdempotencyKeyHeader, deliveryId);
        }

        if (webhookSecret is not null)
        {
            message.Headers.Add(WebhookSignature.TimestampedHeader, WebhookSignature.SignTimestamped(webhookSecret, body, DateTimeOffset.UtcNow));
        }

        using var response = await SendAsync(message, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? id = null;
        if (response.IsSuccessStatusCode)
        {
            using var doc = JsonDocument.Parse(text);
            id = doc.RootElement.GetProperty("id").GetString();
        }

        return (response.StatusCode, id, text);
    }

    /// <summary>Reads an upgrade.</summary>
    public async Task<UpgradeView> GetUpgradeAsync(string id, CancellationToken cancellationToken)
    {
        string text = await GetTextAsync(UpgradeRoute(id), cancellationToken);
        return JsonSerializer.Deserialize<UpgradeView>(text, WorkflowJson.Options)!;
    }

    /// <summary>Reads an upgrade's per-minute slot metrics over its default window (<c>GET /api/upgrades/{id}/metrics</c>).</summary>
    public async Task<UpgradeMetricsView> GetUpgradeMetricsAsync(string id, CancellationToken cancellationToken)
    {
        string text = await GetTextAsync(UpgradeRoute(id) + "/metrics", cancellationToken);
        return JsonSerializer.Deserialize<UpgradeMetricsView>(text, WorkflowJson.Options)!;
    }

    /// <summary>GETs a route; returns its JSON, or throws <see cref="SeamlessApiException"/> with the problem.</summary>
    public async Task<JsonElement> GetJsonAsync(string route, CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await GetTextAsync(route, cancellationToken));
        return doc.RootElement.Clone();
    }

    /// <summary>POSTs a JSON body (or none); returns the response JSON, or throws <see cref="SeamlessApiException"/> with the problem.</summary>
    public async Task<JsonElement> PostJsonAsync(string route, object? body, CancellationToken cancellationToken)
    {
        var (status, text) = await PostAsync(route, body, cancellationToken);
        if ((int)status is < 200 or > 299)
        {
            throw SeamlessApiException.From(status, text);
        }

        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Posts a JSON body to a route and returns the response text.</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string route, object? body, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, route);
        if (body is not null)
        {
            message.Content = new StringContent(JsonSerializer.Serialize(body, WorkflowJson.Options), Encoding.UTF8, "application/json");
        }

        using var response = await SendAsync(message, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Gets a route and returns the response text.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string route, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, route);
        using var response = await SendAsync(message, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The relative route of an upgrade.</summary>
    public static string UpgradeRoute(string id) => ApiLinks.UpgradePath(id).TrimStart('/');

    /// <summary>Extracts the problem detail from an error body, or the body itself.</summary>
    public static string Detail(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private async Task<string> GetTextAsync(string route, CancellationToken ct)
    {
        var (status, text) = await GetAsync(route, ct);
        return (int)status is >= 200 and <= 299 ? text : throw SeamlessApiException.From(status, text);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken ct)
    {
        if (apiKey is not null)
        {
            message.Headers.Add(ApiKeyAuthenticator.KeyHeader, apiKey);
        }

        try
        {
            return await http.SendAsync(message, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException(
                $"cannot reach the Seamless API at {http.BaseAddress}: {ex.Message.TrimEnd('.')}. Start it ('seamless serve') or pass --url (or set SEAMLESS_URL).",
                ex,
                ex.StatusCode);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new HttpRequestException($"the Seamless API at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s.", ex);
        }
    }
}
