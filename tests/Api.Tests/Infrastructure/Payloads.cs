using System.Text.Json.Nodes;

namespace Seamless.Api.Tests.Infrastructure;

/// <summary>Valid request bodies to start from, and the official alert examples.</summary>
public static class Payloads
{
    public static JsonObject Upgrade(string? site = null, string version = "v2") => new()
    {
        ["site"] = site ?? ApiServer.SiteId,
        ["sourceSlot"] = "staging",
        ["targetSlot"] = "production",
        ["version"] = version,
        ["strategy"] = "swap",
    };

    public static JsonObject Alert(string signalType = "Metric", string monitorCondition = "Fired", string? target = null, string? alertId = null) => new()
    {
        ["schemaId"] = "azureMonitorCommonAlertSchema",
        ["data"] = new JsonObject
        {
            ["essentials"] = new JsonObject
            {
                ["alertId"] = alertId ?? "/subscriptions/0/providers/Microsoft.AlertsManagement/alerts/" + Guid.NewGuid().ToString("N"),
                ["alertRule"] = "test-rule",
                ["severity"] = "Sev3",
                ["signalType"] = signalType,
                ["monitorCondition"] = monitorCondition,
                ["alertTargetIDs"] = new JsonArray(target ?? "/subscriptions/0/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm1"),
                ["firedDateTime"] = "2025-01-01T00:00:00Z",
            },
        },
    };

    /// <summary>The directory the official examples (tests/Examples/alerts) are linked into.</summary>
    public static string ExamplesDirectory => Path.Combine(AppContext.BaseDirectory, "Examples");

    public static string Example(string fileName) => File.ReadAllText(Path.Combine(ExamplesDirectory, fileName));

    /// <summary>
    /// The official examples as full common-schema deliveries: 01 as published; 02-15 are published
    /// as <c>alertContext</c> fragments, so each is placed in 01's envelope with the matching signalType.
    /// </summary>
    public static IEnumerable<(string Name, string SignalType, string Json)> OfficialAlerts()
    {
        string envelope = Example("alerts-common-schema.01-sample-alert-payload-metric-resolved.json");
        yield return ("01-sample-alert-payload-metric-resolved", "Metric", envelope);
        foreach (string file in Directory.GetFiles(ExamplesDirectory, "alerts-common-schema.*.json").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(file)["alerts-common-schema.".Length..];
            int number = int.Parse(name[..2], System.Globalization.CultureInfo.InvariantCulture);
            if (number is < 2 or > 15)
            {
                continue;
            }

            string signal = name.Contains("log-search", StringComparison.Ordinal) ? "Log"
                : name.Contains("activity-log", StringComparison.Ordinal) ? "Activity Log"
                : "Metric";
            var fragment = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var alert = JsonNode.Parse(envelope)!.AsObject();
            var data = alert["data"]!.AsObject();
            data["alertContext"] = fragment["alertContext"]!.DeepClone();
            data["essentials"]!["signalType"] = signal;
            data["essentials"]!["monitorCondition"] = "Fired";
            data["essentials"]!["alertId"] = "/subscriptions/0/providers/Microsoft.AlertsManagement/alerts/example-" + name;
            yield return (name, signal, alert.ToJsonString());
        }
    }

    /// <summary>
    /// The official "test action" deliveries (Test Action Group with the common schema), copied verbatim from
    /// MicrosoftDocs/azure-monitor-docs articles/azure-monitor/alerts/alerts-payload-samples.md ("Sample payloads
    /// for test actions", commit 029830d63f3287a2dbd31cb50334de37a5528796), in document order: activity log,
    /// availability test, three budgets (signalType null), log V1 and V2, metric, resource and service health
    /// (signalType "ActivityLog"), smart alert. Each is a full delivery; the three budgets share one alertId.
    /// </summary>
    public static IEnumerable<(string Name, string Json)> TestActionAlerts() =>
        Directory.GetFiles(ExamplesDirectory, "alerts-payload-samples.test-action.*.json")
            .Order(StringComparer.Ordinal)
            .Select(file => (Path.GetFileNameWithoutExtension(file)["alerts-payload-samples.test-action.".Length..], File.ReadAllText(file)));
}
