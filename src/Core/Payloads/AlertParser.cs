using System.Globalization;
using System.Text.Json;

namespace Seamless.Core.Payloads;

/// <summary>
/// Parses the Azure Monitor common alert schema. Every delivery of the schema is accepted, whatever its signal
/// type or alert-context shape (metric, log, activity log, service and resource health, budgets, test actions,
/// null fields); only what is not the schema is refused: not JSON, another <c>schemaId</c>, no
/// <c>data.essentials</c>, or essentials without an <c>alertId</c> and a <c>monitorCondition</c> of Fired or Resolved.
/// </summary>
public static class AlertParser
{
    /// <summary>The schema id of the common alert schema.</summary>
    public const string CommonSchemaId = "azureMonitorCommonAlertSchema";

    /// <summary>Longest alert rule name kept (Azure allows 260 characters); longer names are cut.</summary>
    public const int MaxRuleLength = 260;

    /// <summary>Longest signal type, severity or monitoring service kept.</summary>
    public const int MaxLabelLength = 100;

    /// <summary>Parses a body; errors name the JSON path.</summary>
    public static ParseResult<AlertNotification> Parse(ReadOnlyMemory<byte> body)
    {
        using var doc = PayloadJson.TryParse(body, out var jsonError);
        if (doc is null)
        {
            return ParseResult.Fail<AlertNotification>(jsonError!);
        }

        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Fail<AlertNotification>(new FieldError("$", "The body must be a JSON object."));
        }

        var errors = new List<FieldError>();
        string? schema = PayloadJson.OptionalString(root, "schemaId", "schemaId", errors);
        if (!string.Equals(schema, CommonSchemaId, StringComparison.Ordinal))
        {
            return ParseResult.Fail<AlertNotification>(new FieldError("schemaId", $"'schemaId' must be '{CommonSchemaId}' (enable the common alert schema on the action group)."));
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("essentials", out var essentials) || essentials.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Fail<AlertNotification>(new FieldError("data.essentials", "'data.essentials' is required and must be an object."));
        }

        string? alertId = PayloadJson.OptionalString(essentials, "alertId", "data.essentials.alertId", errors);
        string? rule = PayloadJson.OptionalString(essentials, "alertRule", "data.essentials.alertRule", errors);
        string? severity = PayloadJson.OptionalString(essentials, "severity", "data.essentials.severity", errors);
        string? signal = PayloadJson.OptionalString(essentials, "signalType", "data.essentials.signalType", errors);
        string? condition = PayloadJson.OptionalString(essentials, "monitorCondition", "data.essentials.monitorCondition", errors);
        string? service = PayloadJson.OptionalString(essentials, "monitoringService", "data.essentials.monitoringService", errors);
        string? fired = PayloadJson.OptionalString(essentials, "firedDateTime", "data.essentials.firedDateTime", errors);

        if (string.IsNullOrWhiteSpace(alertId) || alertId.Length > 1024)
        {
            errors.Add(new FieldError("data.essentials.alertId", "'alertId' is required (at most 1024 characters)."));
        }

        // The dedupe key and the meaning of the delivery: the schema defines only these two values.
        if (condition is not ("Fired" or "Resolved"))
        {
            errors.Add(new FieldError("data.essentials.monitorCondition", "'monitorCondition' must be 'Fired' or 'Resolved'."));
        }

        var targets = new List<string>();
        if (essentials.TryGetProperty("alertTargetIDs", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            foreach (var id in ids.EnumerateArray())
            {
                if (id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 and <= 1024 } s)
                {
                    targets.Add(s);
                }
                else
                {
                    errors.Add(new FieldError("data.essentials.alertTargetIDs", "'alertTargetIDs' must hold resource id strings."));
                    break;
                }
            }
        }
        else if (essentials.TryGetProperty("alertTargetIDs", out var notArray) && notArray.ValueKind != JsonValueKind.Null)
        {
            errors.Add(new FieldError("data.essentials.alertTargetIDs", "'alertTargetIDs' must be an array."));
        }

        DateTimeOffset? firedAt = null;
        if (fired is not null)
        {
            if (DateTimeOffset.TryParse(fired, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                firedAt = parsed;
            }
            else
            {
                errors.Add(new FieldError("data.essentials.firedDateTime", "'firedDateTime' must be an ISO 8601 date."));
            }
        }

        string? conditionType = null;
        var metrics = new List<AlertMetricCondition>();
        if (data.TryGetProperty("alertContext", out var context) && context.ValueKind == JsonValueKind.Object)
        {
            conditionType = context.TryGetProperty("conditionType", out var ct) && ct.ValueKind == JsonValueKind.String ? ct.GetString() : null;
            if (context.TryGetProperty("condition", out var cond) && cond.ValueKind == JsonValueKind.Object
                && cond.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in allOf.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("metricName", out var name) || name.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    metrics.Add(new AlertMetricCondition(
                        name.GetString()!,
                        Str(item, "metricNamespace"),
                        Str(item, "operator"),
                        item.TryGetProperty("threshold", out var th) ? th.ValueKind switch
                        {
                            JsonValueKind.String => th.GetString(),
                            JsonValueKind.Number => th.GetRawText(),
                            _ => null,
                        } : null,
                        item.TryGetProperty("metricValue", out var mv) && mv.ValueKind == JsonValueKind.Number && mv.TryGetDouble(out double value) && double.IsFinite(value) ? value : null));
                }
            }
        }

        if (errors.Count > 0)
        {
            return new ParseResult<AlertNotification>(null, errors);
        }

        // Signal types other than Metric (Log, Activity Log, ActivityLog, none at all for budgets) parse: the
        // router records them as ignored. Display fields are escaped and capped here, at the edge.
        return ParseResult.Ok<AlertNotification>(new AlertNotification(
            alertId!,
            UntrustedText.Escape(rule, MaxRuleLength),
            UntrustedText.Escape(severity, MaxLabelLength),
            UntrustedText.Escape(signal, MaxLabelLength),
            condition!,
            targets,
            firedAt,
            conditionType is null ? null : UntrustedText.Escape(conditionType, MaxLabelLength),
            metrics) { MonitoringService = service is null ? null : UntrustedText.Escape(service, MaxLabelLength) });
    }

    private static string? Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
