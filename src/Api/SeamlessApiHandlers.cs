using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Core.Payloads;
using Seamless.Core.Resources;
using Seamless.Workflows;
using Seamless.Workflows.Alerts;
using Seamless.Workflows.Configuration;
using Microsoft.DurableTask.Client;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;

namespace Seamless.Api;

/// <summary>
/// The HTTP surface shared by both hosts: authenticate, validate, map to orchestration starts and
/// events, shape responses. The Host maps these with <see cref="SeamlessApiEndpoints"/>; the
/// Functions app calls them from its HTTP triggers. The Durable client is an argument of each
/// handler that needs one: the Host passes its embedded engine's, the Functions app the one its
/// trigger was bound to.
/// </summary>
public sealed partial class SeamlessApiHandlers(
    ApiKeyAuthenticator authenticator,
    UpgradeStarter starter,
    AlertRouter alerts,
    ScaleInSweeper sweeper,
    DecisionJournal journal,
    IStateStore store,
    IOptions<SeamlessOptions> options,
    ILogger<SeamlessApiHandlers> logger)
{
    /// <summary>Header carrying the delivery id (generic clients).</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Header carrying the delivery id (GitHub webhooks).</summary>
    public const string GitHubDeliveryHeader = "X-GitHub-Delivery";

    /// <summary>POST /api/upgrades.</summary>
    public async Task<IResult> StartUpgradeAsync(HttpContext context, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        if (authenticator.Check(context) is { } denied)
        {
            return denied;
        }

        var ct = context.RequestAborted;
        var (body, problem) = await RequestBody.ReadJsonAsync(context.Request, options.Value.Api.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        // The signature is checked on the raw bytes before anything parses them.
        bool signed = options.Value.Api.WebhookSecret is { Length: > 0 };
        if (signed
            && !WebhookSignature.Verify(options.Value.Api.WebhookSecret!, body, context.Request.Headers[WebhookSignature.Header].FirstOrDefault()))
        {
            LogBadSignature(logger);
            return ApiProblems.Unauthorized($"The '{WebhookSignature.Header}' signature is missing or does not match the body.");
        }

        string? delivery = context.Request.Headers[IdempotencyKeyHeader].FirstOrDefault() ?? context.Request.Headers[GitHubDeliveryHeader].FirstOrDefault();
        if (delivery is not null && !DeliveryPattern().IsMatch(delivery))
        {
            return ApiProblems.Invalid([new FieldError(IdempotencyKeyHeader, "The delivery id must be 1-200 printable characters.")]);
        }

        var parsed = UpgradeRequestParser.Parse(body);
        if (!parsed.IsValid)
        {
            return ApiProblems.Invalid(parsed.Errors);
        }

        var result = await starter.StartAsync(client, parsed.Value!, DeliveryKey(signed, body, delivery, parsed.Value!.DeliveryId), ct);
        switch (result.Kind)
        {
            case StartUpgradeKind.Started:
            {
                string uri = StatusUri(context, result.InstanceId!);
                LogStarted(logger, result.InstanceId!);
                return Results.Json(new { id = result.InstanceId, statusUri = uri }, statusCode: StatusCodes.Status202Accepted, contentType: "application/json")
                    .WithLocation(context, uri);
            }

            case StartUpgradeKind.Existing:
                return Results.Json(new { id = result.InstanceId, statusUri = StatusUri(context, result.InstanceId!) }, statusCode: StatusCodes.Status200OK);
            case StartUpgradeKind.Conflict:
                return ApiProblems.Conflict($"Another upgrade ({result.InstanceId}) is running on this site; one release per site at a time.", StatusUri(context, result.InstanceId!));
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
    internal static string DeliveryKey(bool signed, ReadOnlySpan<byte> body, string? headerDelivery, string? bodyDelivery) =>
        signed
            ? "signed:" + Convert.ToHexStringLower(SHA256.HashData(body))
            : headerDelivery ?? bodyDelivery ?? Guid.NewGuid().ToString("N");

    /// <summary>GET /api/upgrades/{id}.</summary>
    public async Task<IResult> GetUpgradeAsync(HttpContext context, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (authenticator.Check(context) is { } denied)
        {
            return denied;
        }

        if (!UpgradeIdPattern().IsMatch(id ?? string.Empty))
        {
            return ApiProblems.NotFound("No upgrade has this id.");
        }

        var metadata = await client.GetInstanceAsync(id!, getInputsAndOutputs: true, context.RequestAborted);
        if (metadata is null)
        {
            return ApiProblems.NotFound($"No upgrade '{id}'.");
        }

        // A finished upgrade's full history is in its record; the instance only carries the bounded status.
        var record = metadata.IsCompleted && await store.GetAsync(StateKeys.UpgradeRecord(id!), context.RequestAborted) is { } item
            ? WorkflowJson.Deserialize<UpgradeStatus>(item.Value)
            : null;
        return Results.Json(UpgradeView.From(metadata, StatusUri(context, id!), record), WorkflowJson.Options);
    }

    /// <summary>POST /api/upgrades/{id}/approve.</summary>
    public Task<IResult> ApproveAsync(HttpContext context, DurableTaskClient client, string id) =>
        SignalAsync(context, client, id, WorkflowNames.ApproveEvent, () => new ApproveRequest(context.Request.Query["by"].FirstOrDefault()));

    /// <summary>POST /api/upgrades/{id}/abort.</summary>
    public Task<IResult> AbortAsync(HttpContext context, DurableTaskClient client, string id) =>
        SignalAsync(context, client, id, WorkflowNames.AbortEvent, () => new AbortRequest(Truncate(context.Request.Query["reason"].FirstOrDefault() ?? "operator request", 500), "api"));

    /// <summary>POST /api/alerts.</summary>
    public async Task<IResult> AlertAsync(HttpContext context, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        if (authenticator.Check(context) is { } denied)
        {
            return denied;
        }

        var (body, problem) = await RequestBody.ReadJsonAsync(context.Request, options.Value.Api.MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = AlertParser.Parse(body);
        if (!parsed.IsValid)
        {
            return ApiProblems.Invalid(parsed.Errors);
        }

        var outcome = await alerts.HandleAsync(client, parsed.Value!, context.RequestAborted);
        return Results.Json(
            new { action = outcome.Action.Kind.ToString(), reason = outcome.Action.Reason, message = outcome.Action.Message, duplicate = outcome.Duplicate, instanceId = outcome.InstanceId },
            statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>POST /api/scale-in/run: one plan or all; <c>dryRun</c> decides without acting.</summary>
    public async Task<IResult> RunScaleInAsync(HttpContext context, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        if (authenticator.Check(context) is { } denied)
        {
            return denied;
        }

        string? plan = null;
        bool dryRun = false;
        if (context.Request.ContentLength is > 0 || context.Request.ContentType is not null)
        {
            var (body, problem) = await RequestBody.ReadJsonAsync(context.Request, options.Value.Api.MaxBodyBytes, context.RequestAborted);
            if (problem is not null)
            {
                return problem;
            }

            var errors = ParseRunBody(body!, out plan, out dryRun);
            if (errors.Count > 0)
            {
                return ApiProblems.Invalid(errors);
            }
        }

        if (plan is not null)
        {
            var id = AzureResourceId.TryParse(plan, out string? error);
            if (id is null || !id.IsPlan)
            {
                return ApiProblems.Invalid([new FieldError("plan", $"'plan' is not an App Service plan resource id. {error}".Trim())]);
            }

            if (!options.Value.IsManagedPlan(id))
            {
                return ApiProblems.NotManaged([new FieldError("plan", $"'{id}' is not in the managed allow-list (Seamless:Managed:Plans).")]);
            }

            plan = id.ToString();
        }

        var starts = await sweeper.SweepAsync(client, plan, dryRun, "api", context.RequestAborted);
        return Results.Json(new { dryRun, runs = starts }, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>GET /api/scale-in/decisions?plan=&amp;limit=.</summary>
    public async Task<IResult> GetDecisionsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (authenticator.Check(context) is { } denied)
        {
            return denied;
        }

        string? planText = context.Request.Query["plan"].FirstOrDefault();
        string? limitText = context.Request.Query["limit"].FirstOrDefault();
        AzureResourceId? plan = null;
        if (!string.IsNullOrEmpty(planText))
        {
            plan = AzureResourceId.TryParse(planText, out string? error);
            if (plan is null || !plan.IsPlan)
            {
                return ApiProblems.Invalid([new FieldError("plan", $"'plan' is not an App Service plan resource id. {error}".Trim())]);
            }
        }

        int limit = 50;
        if (limitText is not null && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > DecisionJournal.MaxLimit))
        {
            return ApiProblems.Invalid([new FieldError("limit", $"'limit' must be an integer from 1 to {DecisionJournal.MaxLimit}.")]);
        }

        var entries = await journal.ListAsync(plan, limit, context.RequestAborted);
        return Results.Json(new { plan = plan?.ToString(), count = entries.Count, decisions = entries }, WorkflowJson.Options);
    }

    /// <summary>GET /api/health (anonymous).</summary>
    public static IResult Health() => Results.Json(new { status = "ok" });

    private async Task<IResult> SignalAsync(HttpContext context, DurableTaskClient client, string id, string eventName, Func<object> payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (authenticator.Check(context) is { } denied)
        {
            return denied;
        }

        if (!UpgradeIdPattern().IsMatch(id ?? string.Empty))
        {
            return ApiProblems.NotFound("No upgrade has this id.");
        }

        var metadata = await client.GetInstanceAsync(id!, false, context.RequestAborted);
        if (metadata is null)
        {
            return ApiProblems.NotFound($"No upgrade '{id}'.");
        }

        if (!SingletonStart.IsActive(metadata.RuntimeStatus))
        {
            return ApiProblems.Conflict($"Upgrade '{id}' has already finished ({metadata.RuntimeStatus}).", StatusUri(context, id!));
        }

        await client.RaiseEventAsync(id!, eventName, payload(), context.RequestAborted);
        return Results.Json(new { id, @event = eventName, statusUri = StatusUri(context, id!) }, statusCode: StatusCodes.Status202Accepted);
    }

    private static List<FieldError> ParseRunBody(byte[] body, out string? plan, out bool dryRun)
    {
        plan = null;
        dryRun = false;
        var errors = new List<FieldError>();
        using var doc = PayloadJson.TryParse(body, out string? jsonError);
        if (doc is null)
        {
            errors.Add(new FieldError("$", jsonError!));
            return errors;
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("$", "The body must be a JSON object."));
            return errors;
        }

        plan = PayloadJson.OptionalString(doc.RootElement, "plan", "plan", errors);
        if (doc.RootElement.TryGetProperty("dryRun", out var d))
        {
            if (d.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                dryRun = d.GetBoolean();
            }
            else if (d.ValueKind != JsonValueKind.Null)
            {
                errors.Add(new FieldError("dryRun", "'dryRun' must be a boolean."));
            }
        }

        return errors;
    }

    private static string StatusUri(HttpContext context, string id) =>
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/api/upgrades/{Uri.EscapeDataString(id)}";

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex(@"^upgrade:[a-z0-9][a-z0-9-]{0,59}:[0-9a-f]{12}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex UpgradeIdPattern();

    [GeneratedRegex(@"^[\x21-\x7E]{1,200}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DeliveryPattern();

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refused an upgrade delivery: the webhook signature is missing or wrong")]
    private static partial void LogBadSignature(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Started upgrade {InstanceId}")]
    private static partial void LogStarted(ILogger logger, string instanceId);
}
