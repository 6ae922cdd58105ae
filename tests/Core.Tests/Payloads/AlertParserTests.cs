using System.Text;
using System.Text.Json.Nodes;
using Seamless.Core.Payloads;

namespace Seamless.Core.Tests.Payloads;

public sealed class AlertParserTests
{
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan";

    public static TheoryData<string, string> AcceptedDeliveries => new()
    {
        { "budget test action (nulls)", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"monitoringService":"CostAlerts","alertId":"/subscriptions/x/providers/Microsoft.CostManagement/alerts/Test_Alert","alertRule":null,"severity":null,"signalType":null,"monitorCondition":"Fired","alertTargetIDs":null,"originAlertId":null},"alertContext":{"AlertCategory":"budgets","AlertData":{"Scope":"/subscriptions/x/"}}}}""" },
        { "service health ActivityLog", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","alertRule":"r","signalType":"ActivityLog","monitorCondition":"Fired","alertTargetIDs":["/subscriptions/x"]},"alertContext":{"authorization":null,"channels":1,"level":3,"properties":{"impactedServices":[{"ServiceName":"s"}]}}}}""" },
        { "no alertContext", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","monitorCondition":"Resolved"}}}""" },
        { "alertContext null", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","monitorCondition":"Fired","signalType":"Metric"},"alertContext":null}}""" },
        { "condition shapes", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","monitorCondition":"Fired","signalType":"Metric"},"alertContext":{"condition":{"allOf":[null,7,{"metricName":null},{"metricName":"CpuPercentage","metricValue":1e400,"threshold":{}}]}}}}""" },
        { "unknown signal type", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","monitorCondition":"Fired","signalType":"Trace"}}}""" },
    };

    [Theory]
    [MemberData(nameof(AcceptedDeliveries))]
    public void Parse_CommonSchemaDelivery_IsAccepted(string name, string json)
    {
        var result = AlertParser.Parse(Encoding.UTF8.GetBytes(json));

        result.IsValid.ShouldBeTrue($"{name}: {string.Join("; ", result.Errors)}");
        result.Value!.AlertId.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Parse_BudgetTestAction_IsNotAMetricAlertAndNamesItsService()
    {
        string json = """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"monitoringService":"CostAlerts","alertId":"b","alertRule":null,"signalType":null,"monitorCondition":"Fired","alertTargetIDs":null}}}""";

        var alert = AlertParser.Parse(Encoding.UTF8.GetBytes(json)).Value!;

        alert.IsMetric.ShouldBeFalse();
        alert.SignalType.ShouldBe(string.Empty);
        alert.AlertRule.ShouldBe(string.Empty);
        alert.TargetIds.ShouldBeEmpty();
        alert.MonitoringService.ShouldBe("CostAlerts");
    }

    [Fact]
    public void Parse_HugeMetricValue_IsDroppedNotThrown()
    {
        string json = """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","monitorCondition":"Fired","signalType":"Metric"},"alertContext":{"condition":{"allOf":[{"metricName":"CpuPercentage","metricValue":1e400}]}}}}""";

        var alert = AlertParser.Parse(Encoding.UTF8.GetBytes(json)).Value!;

        alert.Metrics.ShouldHaveSingleItem().MetricValue.ShouldBeNull();
    }

    [Fact]
    public void Parse_HostileDisplayFields_AreEscapedAndCapped()
    {
        var body = new JsonObject
        {
            ["schemaId"] = AlertParser.CommonSchemaId,
            ["data"] = new JsonObject
            {
                ["essentials"] = new JsonObject
                {
                    ["alertId"] = "a",
                    ["monitorCondition"] = "Fired",
                    ["alertRule"] = "rule\r\nFORGED\u001b[2J" + new string('x', 1000),
                    ["signalType"] = "Metric\n",
                    ["severity"] = "Sev\u0007",
                    ["monitoringService"] = "svc\u202E",
                    ["alertTargetIDs"] = new JsonArray(Plan),
                },
            },
        };

        var alert = AlertParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString())).Value!;

        alert.AlertRule.ShouldStartWith("rule\\r\\nFORGED\\u001b[2J");
        alert.AlertRule.Length.ShouldBeLessThan(AlertParser.MaxRuleLength + 40);
        alert.SignalType.ShouldBe("Metric\\n");
        alert.IsMetric.ShouldBeFalse();
        alert.Severity.ShouldBe("Sev\\u0007");
        alert.MonitoringService.ShouldBe("svc\\u202e");
    }

    [Theory]
    [InlineData("another schema", """{"schemaId":"AzureMonitorMetricAlert","data":{"essentials":{"alertId":"a","monitorCondition":"Fired"}}}""", "schemaId")]
    [InlineData("no essentials", """{"schemaId":"azureMonitorCommonAlertSchema","data":{}}""", "data.essentials")]
    [InlineData("no alertId", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"monitorCondition":"Fired"}}}""", "data.essentials.alertId")]
    [InlineData("no monitorCondition", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a"}}}""", "data.essentials.monitorCondition")]
    [InlineData("monitorCondition unknown", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","monitorCondition":"Maybe"}}}""", "data.essentials.monitorCondition")]
    [InlineData("lone surrogate", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a\ud800","monitorCondition":"Fired"}}}""", "data.essentials.alertId")]
    public void Parse_NotTheSchema_NamesTheField(string name, string json, string field)
    {
        var result = AlertParser.Parse(Encoding.UTF8.GetBytes(json));

        result.IsValid.ShouldBeFalse(name);
        result.Errors.Select(e => e.Field).ShouldContain(field, name);
    }
}
