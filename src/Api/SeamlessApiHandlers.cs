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
    ScaleInPreview preview,
    FleetReader fleet,
    UpgradeMetricsReader upgradeMetrics,
    DecisionJournal journal,
    IStateStore store,
    IOptions<SeamlessOptions> options,
    TimeProvider clock,
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
        bool bodyOnly = false;
        if (signed)
        {
            var check = WebhookSignature.Check(
                options.Value.Api.WebhookSecret!,
                body,
                context.Request.Headers[WebhookSignature.TimestampedHeader].FirstOrDefault(),
                context.Request.Headers[WebhookSignature.Header].FirstOrDefault(),
                // Wall-clock time, not the host's (possibly simulated) clock: the sender signs with its own.
                DateTimeOffset.UtcNow,
                options.Value.Api.SignatureTolerance);
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

        var result = await starter.StartAsync(client, parsed.Value!, DeliveryKey(signed, body, delivery, parsed.Value!.DeliveryId), ct, keepForever: bodyOnly);
        switch (result.Kind)
        {
            case StartUpgradeKind.Started:
            {
                string uri = StatusUri(context, result.InstanceId!);
                LogStarted(logger, result.InstanceId!); // built by the server from validated parts
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

    /// <summary>GET /api/upgrades?site=&amp;status=&amp;limit=: releases, running and finished, newest first.</summary>
    public async Task<IResult> ListUpgradesAsync(HttpContext context, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        if (authenticator.Check(context) is { } denied)
        {
            return denied;
        }

        var (filter, errors) = UpgradeListFilter.Parse(context.Request.Query);
        if (filter is null)
        {
            return ApiProblems.Invalid(errors);
        }

        var items = await UpgradeList.ListAsync(client, filter, options.Value.Api.PublicBaseUrl, context.RequestAborted);
        return Results.Json(
            new { site = filter.Site?.ToString() ?? filter.SiteName, status = filter.Status, limit = filter.Limit, count = items.Count, upgrades = items },
            WorkflowJson.Options);
    }

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

    /// <summary>
    /// GET /api/upgrades/{id}/metrics?from=&amp;to=: per-minute requests, 5xx and response time of the upgrade's target
    /// and source slots, read through the host's metrics port (its identity, not the caller's). The window defaults to
    /// a few minutes before the upgrade started to a few minutes after it ended (now while it runs).
    /// </summary>
    public async Task<IResult> GetUpgradeMetricsAsync(HttpContext context, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        if (authenticator.Check(context) is { } denied)
        {
            return denied;
        }

        if (!UpgradeIdPattern().IsMatch(id ?? string.Empty))
        {
            return ApiProblems.NotFound("No upgrade has this id.");
        }

        var errors = new List<FieldError>();
        var from = Instant(context.Request.Query["from"].FirstOrDefault(), "from", errors);
        var to = Instant(context.Request.Query["to"].FirstOrDefault(), "to", errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        var metadata = await client.GetInstanceAsync(id!, getInputsAndOutputs: true, context.RequestAborted);
        var input = metadata?.SerializedInput is null ? null : metadata.ReadInputAs<UpgradeInput>();
        if (metadata is null || input is null || AzureResourceId.TryParse(input.SiteId, out _) is not { } site || !site.IsSite)
        {
            return ApiProblems.NotFound($"No upgrade '{id}'.");
        }

        var window = UpgradeMetricsReader.DefaultWindow(
            metadata.CreatedAt,
            SingletonStart.IsActive(metadata.RuntimeStatus) ? null : metadata.LastUpdatedAt,
            clock.GetUtcNow());
        var start = from ?? window.From;
        var stop = to ?? window.To;
        if (stop <= start)
        {
            return ApiProblems.Invalid([new FieldError("to", "'to' must be after 'from'.")]);
        }

        if (stop - start > UpgradeMetricsReader.MaxWindow)
        {
            return ApiProblems.Invalid([new FieldError("to", $"The window from 'from' to 'to' may span at most {UpgradeMetricsReader.MaxWindow.TotalHours:0} hours.")]);
        }

        var slots = await upgradeMetrics.ReadAsync(site, input.TargetSlot, input.SourceSlot, start, stop, context.RequestAborted);
        return Results.Json(new UpgradeMetricsView(id!, site.ToString(), start, stop, slots), WorkflowJson.Options);
    }

    /// <summary>
    /// POST /api/upgrades/{id}/approve?by=: 409 unless the upgrade waits for approval (phase Approval); with approver
    /// keys configured only they approve (401/403 otherwise). The timeline records <c>by</c> and the key's fingerprint.
    /// </summary>
    public Task<IResult> ApproveAsync(HttpContext context, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SignalAsync(
            context,
            client,
            id,
            WorkflowNames.ApproveEvent,
            authenticator.CheckApprover,
            () => new ApproveRequest(SignalText(context.Request.Query["by"].FirstOrDefault(), MaxSignerLength), ApiKeyAuthenticator.Fingerprint(context)));
    }

    /// <summary>
    /// POST /api/upgrades/{id}/abort?reason=&amp;by=: 409 once the upgrade has finished or is already restoring the site
    /// (phase Done or RollingBack); an API key or an approver key. The timeline records <c>by</c> and the key's fingerprint.
    /// </summary>
    public Task<IResult> AbortAsync(HttpContext context, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SignalAsync(
            context,
            client,
            id,
            WorkflowNames.AbortEvent,
            authenticator.CheckOperator,
            () => new AbortRequest(
                SignalText(context.Request.Query["reason"].FirstOrDefault(), MaxAbortReasonLength) ?? "operator request",
                "api",
                SignalText(context.Request.Query["by"].FirstOrDefault(), MaxSignerLength),
                ApiKeyAuthenticator.Fingerprint(context)));
    }

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
            // An action group does not retry a 400: say in the log which delivery was lost and why.
            var first = parsed.Errors.Count > 0 ? parsed.Errors[0] : new FieldError("$", "invalid");
            if (logger.IsEnabled(LogLevel.Warning))
            {
                LogAlertRefused(logger, UntrustedText.Escape(first.Field), UntrustedText.Escape(first.Message));
            }

            return ApiProblems.Invalid(parsed.Errors);
        }

        var outcome = await alerts.HandleAsync(client, parsed.Value!, context.RequestAborted);
        return Results.Json(
            new
            {
                action = outcome.Action.Kind.ToString(),
                reason = outcome.Action.Reason,
                message = outcome.Action.Message,
                ignored = outcome.Action.Kind == Seamless.Core.Alerts.AlertActionKind.Record,
                duplicate = outcome.Duplicate,
                instanceId = outcome.InstanceId,
            },
            statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// POST /api/scale-in/run: one plan or all. Without <c>dryRun</c>, starts the evaluations (202, their instance ids);
    /// with it, evaluates each plan in the request and answers 200 with the decisions, writing nothing.
    /// </summary>
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

        if (dryRun)
        {
            // Decided here, in the request, and nothing written: no orchestration, no journal entry, no capacity record.
            var decisions = new List<object>();
            IReadOnlyList<AzureResourceId> targets = plan is null ? fleet.ManagedPlans : [AzureResourceId.Parse(plan)];
            foreach (var planId in targets)
            {
                try
                {
                    var decision = await preview.EvaluateAsync(planId, context.RequestAborted);
                    decisions.Add(new { plan = planId.ToString(), name = planId.Name, decision });
                }
                catch (AzureRequestException ex)
                {
                    decisions.Add(new { plan = planId.ToString(), name = planId.Name, error = ex.Message });
                }
            }

            return Results.Json(new { dryRun, decisions }, WorkflowJson.Options);
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

    /// <summary>GET /api/plans: every managed plan with its sites, metrics now, last decision, veto and leases.</summary>
    public async Task<IResult> ListPlansAsync(HttpContext context, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        if (authenticator.Check(context) is { } denied)
        {
            return denied;
        }

        var plans = await fleet.ReadAllAsync(client, context.RequestAborted);
        return Results.Json(new { count = plans.Count, plans }, WorkflowJson.Options);
    }

    /// <summary>GET /api/plans/{name}?hours=: one managed plan (by name) with per-minute CPU and memory over the last hours (default 3).</summary>
    public async Task<IResult> GetPlanAsync(HttpContext context, DurableTaskClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        if (authenticator.Check(context) is { } denied)
        {
            return denied;
        }

        if (!PlanNamePattern().IsMatch(name ?? string.Empty))
        {
            return ApiProblems.NotFound("No managed plan has this name.");
        }

        string? hoursText = context.Request.Query["hours"].FirstOrDefault();
        int hours = DefaultPlanHistoryHours;
        if (hoursText is not null && (!int.TryParse(hoursText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out hours) || hours > MaxPlanHistoryHours))
        {
            return ApiProblems.Invalid([new FieldError("hours", $"'hours' must be an integer from 0 to {MaxPlanHistoryHours}.")]);
        }

        var plans = fleet.FindPlans(name!);
        if (plans.Count == 0)
        {
            return ApiProblems.NotFound($"No managed plan is named '{name}' (Seamless:Managed:Plans).");
        }

        if (plans.Count > 1)
        {
            return ApiProblems.Conflict($"{plans.Count} managed plans are named '{name}' (in resource groups {string.Join(", ", plans.Select(p => p.ResourceGroup))}); GET /api/plans lists them all.");
        }

        var view = await fleet.ReadAsync(client, plans[0], TimeSpan.FromHours(hours), context.RequestAborted);
        return Results.Json(view, WorkflowJson.Options);
    }

    /// <summary>GET /api/health (anonymous).</summary>
    public static IResult Health() => Results.Json(new { status = "ok" });

    private async Task<IResult> SignalAsync(
        HttpContext context, DurableTaskClient client, string id, string eventName, Func<HttpContext, IResult?> authenticate, Func<object> payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (authenticate(context) is { } denied)
        {
            return denied;
        }

        if (!UpgradeIdPattern().IsMatch(id ?? string.Empty))
        {
            return ApiProblems.NotFound("No upgrade has this id.");
        }

        // With inputs and outputs: the custom status (the upgrade's phase) decides whether the signal is accepted now.
        var metadata = await client.GetInstanceAsync(id!, getInputsAndOutputs: true, context.RequestAborted);
        if (metadata is null)
        {
            return ApiProblems.NotFound($"No upgrade '{id}'.");
        }

        string? phase = SingletonStart.IsActive(metadata.RuntimeStatus) ? metadata.ReadCustomStatusAs<UpgradeStatus>()?.Phase : null;
        if (UpgradeSignals.Refusal(eventName, metadata.RuntimeStatus, phase) is { } refusal)
        {
            return ApiProblems.Conflict($"Upgrade '{id}': {refusal}", StatusUri(context, id!));
        }

        await client.RaiseEventAsync(id!, eventName, payload(), context.RequestAborted);
        string key = ApiKeyAuthenticator.Fingerprint(context) ?? "none";
        LogSignal(logger, eventName, id!, key);
        return Results.Json(new { id, @event = eventName, statusUri = StatusUri(context, id!) }, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Free text from a signal's query, for the timeline: control characters dropped, capped; null when empty.</summary>
    private static string? SignalText(string? value, int max)
    {
        if (value is null)
        {
            return null;
        }

        string clean = new([.. value.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).Take(max)]);
        return string.IsNullOrWhiteSpace(clean) ? null : clean.Trim();
    }

    /// <summary>An ISO 8601 instant with its offset (or Z) from the query; null when absent.</summary>
    private static DateTimeOffset? Instant(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length <= 40
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var value)
            && value.Year is >= 2000 and <= 9000)
        {
            return value;
        }

        errors.Add(new FieldError(field, $"'{field}' must be an ISO 8601 date and time, e.g. 2026-01-31T09:30:00Z."));
        return null;
    }

    private static List<FieldError> ParseRunBody(byte[] body, out string? plan, out bool dryRun)
    {
        plan = null;
        dryRun = false;
        var errors = new List<FieldError>();
        using var doc = PayloadJson.TryParse(body, out var jsonError);
        if (doc is null)
        {
            errors.Add(jsonError!);
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

    // From configuration (Seamless:Api:PublicBaseUrl) or relative, never from the request: its Host header is
    // the caller's to choose. The context stays a parameter so every call site reads the same.
    private string StatusUri(HttpContext context, string id) => ApiLinks.Upgrade(options.Value.Api.PublicBaseUrl, id);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private const int MaxSignerLength = 100;

    private const int MaxAbortReasonLength = 500;

    private const int DefaultPlanHistoryHours = 3;

    private const int MaxPlanHistoryHours = 24;

    // App Service plan names: letters, digits, hyphens and underscores, up to 60 (\z, not $).
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PlanNamePattern();

    // \z, not $: '$' also matches before a final newline.
    [GeneratedRegex(@"^upgrade:[a-z0-9][a-z0-9-]{0,59}:[0-9a-f]{12}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex UpgradeIdPattern();

    [GeneratedRegex(@"^[\x21-\x7E]{1,200}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DeliveryPattern();

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refused an upgrade delivery: the webhook signature is missing or wrong")]
    private static partial void LogBadSignature(ILogger logger);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "{Event} accepted for upgrade {InstanceId} (key {KeyFingerprint})")]
    private static partial void LogSignal(ILogger logger, string @event, string instanceId, string keyFingerprint);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Started upgrade {InstanceId}")]
    private static partial void LogStarted(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Refused an alert delivery that is not the common alert schema: {Field}: {Problem}")]
    private static partial void LogAlertRefused(ILogger logger, string field, string problem);
}
