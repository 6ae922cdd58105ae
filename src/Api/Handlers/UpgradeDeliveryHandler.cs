using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Seamless.Api.Requests;
using Seamless.Workflows.Upgrade;

namespace Seamless.Api.Handlers;

/// <summary>
/// <c>POST /api/upgrades</c>: a CI delivery. The signature is checked on the raw bytes before anything parses them,
/// then the delivery id, then the body; the upgrade starts once per delivery and once per site at a time. The key
/// is checked before this handler runs (<see cref="ApiKeyAuthenticator.Authorize"/>).
/// </summary>
public sealed partial class UpgradeDeliveryHandler(
    UpgradeStarter starter,
    IOptions<SeamlessOptions> options,
    ILogger<UpgradeDeliveryHandler> logger)
{
    /// <summary>Header carrying the delivery id (generic clients).</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Header carrying the delivery id (GitHub webhooks).</summary>
    public const string GitHubDeliveryHeader = "X-GitHub-Delivery";

    /// <summary>Starts the upgrade a delivery asks for: 202 started, 200 this delivery's earlier one, or a problem.</summary>
    public async Task<Results<Accepted<UpgradeAccepted>, Ok<UpgradeAccepted>, ProblemHttpResult>> StartAsync(UpgradeDeliveryRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var api = options.Value.Api;
        if (request.Body.Problem is not null)
        {
            return request.Body.Problem;
        }

        byte[] body = request.Body.Bytes!;
        bool signed = api.WebhookSecret is { Length: > 0 };
        bool bodyOnly = false;
        if (signed)
        {
            var check = WebhookSignature.Check(
                api.WebhookSecret!,
                body,
                request.TimestampedSignature,
                request.Signature,
                // Wall-clock time, not the host's (possibly simulated) clock: the sender signs with its own.
                DateTimeOffset.UtcNow,
                api.SignatureTolerance);
            if (!check.IsValid)
            {
                LogBadSignature(logger);
                return ApiProblems.Unauthorized(check.Reason!);
            }

            // A body-only signature never expires: accepted only when the build it names is verified in the slot
            // (so a replay can release nothing but that build) and its record is kept for good.
            bodyOnly = !check.Timestamped;
            if (bodyOnly && !options.Value.BuildIdentity.Identifies)
            {
                LogBadSignature(logger);
                return ApiProblems.Unauthorized(
                    $"Body-only signatures ('{WebhookSignature.Header}') never expire, so they are accepted only while builds are identified (Seamless:BuildIdentity:Source is None here); sign with '{WebhookSignature.TimestampedHeader}: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.\" + body>'.");
            }
        }

        string? delivery = request.DeliveryId;
        if (delivery is not null && !DeliveryIds.IsValid(delivery))
        {
            return ApiProblems.Invalid([new FieldError(IdempotencyKeyHeader, "The delivery id must be 1-200 printable characters.")]);
        }

        var parsed = UpgradeRequestParser.Parse(body);
        if (!parsed.IsValid)
        {
            return ApiProblems.Invalid(parsed.Errors);
        }

        var result = await starter.StartAsync(client, parsed.Value!, DeliveryKey(signed, body, delivery, parsed.Value!.DeliveryId), cancellationToken, keepForever: bodyOnly);
        switch (result.Kind)
        {
            case StartUpgradeKind.Started:
            {
                var accepted = new UpgradeAccepted(result.InstanceId!, ApiLinks.Upgrade(api.PublicBaseUrl, result.InstanceId!));
                LogStarted(logger, accepted.Id); // built by the server from validated parts
                return TypedResults.Accepted(accepted.StatusUri, accepted);
            }

            case StartUpgradeKind.Existing:
                return TypedResults.Ok(new UpgradeAccepted(result.InstanceId!, ApiLinks.Upgrade(api.PublicBaseUrl, result.InstanceId!)));
            case StartUpgradeKind.Conflict:
                return ApiProblems.Conflict(
                    $"Another upgrade ({result.InstanceId}) is running on this site; one release per site at a time.",
                    ApiLinks.Upgrade(api.PublicBaseUrl, result.InstanceId!));
            default:
                return result.Errors.Any(e => e.Field == "site") ? ApiProblems.NotManaged(result.Errors) : ApiProblems.Invalid(result.Errors);
        }
    }

    /// <summary>
    /// The idempotency key of an upgrade delivery. A signed delivery is identified by its signed bytes:
    /// the delivery-id headers are not covered by the signature, so a captured body resent under a new
    /// header id maps to the upgrade it started, never a second one (a body <c>deliveryId</c>, which
    /// the signature covers, is how CI releases the same version again). Unsigned deliveries use the
    /// header, then the body id; without either every request is a new delivery (single flight per
    /// site still holds).
    /// </summary>
    private static string DeliveryKey(bool signed, ReadOnlySpan<byte> body, string? headerDelivery, string? bodyDelivery) =>
        signed
            ? "signed:" + Convert.ToHexStringLower(SHA256.HashData(body))
            : headerDelivery ?? bodyDelivery ?? Guid.NewGuid().ToString("N");

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refused an upgrade delivery: the webhook signature is missing or wrong")]
    private static partial void LogBadSignature(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Started upgrade {InstanceId}")]
    private static partial void LogStarted(ILogger logger, string instanceId);
}
