using Seamless.Api.Handlers;

namespace Seamless.Api.Requests;

/// <summary>
/// What <c>POST /api/upgrades</c> checks: the raw body and the headers that sign it and name the delivery. The
/// signature is verified over <see cref="JsonRequestBody.Bytes"/> as sent, before anything parses them.
/// </summary>
/// <param name="Body">The raw JSON body, or why it was not read.</param>
/// <param name="TimestampedSignature">The <see cref="WebhookSignature.TimestampedHeader"/> header, if any.</param>
/// <param name="Signature">The body-only <see cref="WebhookSignature.Header"/> header, if any.</param>
/// <param name="DeliveryId">The <see cref="UpgradeDeliveryHandler.IdempotencyKeyHeader"/> header, else the <see cref="UpgradeDeliveryHandler.GitHubDeliveryHeader"/> header, if any.</param>
public sealed record UpgradeDeliveryRequest(JsonRequestBody Body, string? TimestampedSignature, string? Signature, string? DeliveryId)
{
    /// <summary>Reads the delivery from the request (both hosts call this).</summary>
    public static async Task<UpgradeDeliveryRequest> FromRequestAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await JsonRequestBody.ReadAsync(request, maxBodyBytes, cancellationToken);
        var headers = request.Headers;
        return new UpgradeDeliveryRequest(
            body,
            headers[WebhookSignature.TimestampedHeader].FirstOrDefault(),
            headers[WebhookSignature.Header].FirstOrDefault(),
            headers[UpgradeDeliveryHandler.IdempotencyKeyHeader].FirstOrDefault() ?? headers[UpgradeDeliveryHandler.GitHubDeliveryHeader].FirstOrDefault());
    }
}
