using System.Text;
using System.Text.Json.Nodes;
using Seamless.Core.Payloads;

namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>Alerts as Azure Monitor delivers them: the official common-schema example, retargeted, through the real parser.</summary>
internal static class AlertPayloads
{
    private const string Example = "alerts-common-schema.01-sample-alert-payload-metric-resolved.json";

    /// <summary>A metric alert on <paramref name="targetId"/> for <paramref name="metricName"/>, with a fresh alert id.</summary>
    public static AlertNotification MetricAlert(string monitorCondition, string targetId, string metricName, string metricNamespace)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", Example)))!;
        var essentials = root["data"]!["essentials"]!;
        essentials["alertId"] = $"/subscriptions/5c8e4a27-0d3b-4f6e-9a1c-2b7d8e9f0a11/providers/Microsoft.AlertsManagement/alerts/{Guid.NewGuid()}";
        essentials["monitorCondition"] = monitorCondition;
        essentials["alertTargetIDs"] = new JsonArray(targetId);
        var condition = root["data"]!["alertContext"]!["condition"]!["allOf"]![0]!;
        condition["metricName"] = metricName;
        condition["metricNamespace"] = metricNamespace;
        var parsed = AlertParser.Parse(Encoding.UTF8.GetBytes(root.ToJsonString()));
        parsed.Errors.ShouldBeEmpty();
        return parsed.Value.ShouldNotBeNull();
    }
}
