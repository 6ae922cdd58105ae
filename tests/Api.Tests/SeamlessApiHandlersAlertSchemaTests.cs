using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api.Tests.Infrastructure;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;

namespace Seamless.Api.Tests;

/// <summary>
/// Every delivery that is the Azure Monitor common alert schema is accepted (202) and recorded as ignored
/// with a reason when Seamless does not act on it — official test actions (budgets with null signalType,
/// service health with signalType "ActivityLog"), other alert-context shapes, null fields; 400 only for
/// what is not the schema. Nothing is ever started and no Azure call is made.
/// </summary>
public sealed class SeamlessApiHandlersAlertSchemaTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    private const string Essentials = "essentials";

    private readonly ApiServer _api = fixture.Api;

    /// <summary>Each official test action and the reason it is ignored: metric ones target no managed resource, the rest are not metric alerts.</summary>
    public static TheoryData<string, string> TestActionNames
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (name, _) in Payloads.TestActionAlerts())
            {
                bool metric = name.Contains("metric-alert", StringComparison.Ordinal) || name.Contains("availability", StringComparison.Ordinal);
                data.Add(name, metric ? "not-managed" : "not-a-metric-alert");
            }

            return data;
        }
    }

    public static TheoryData<string, string> AcceptedShapes => new()
    {
        { "alertContext null", Alert(a => a["data"]!["alertContext"] = null) },
        { "alertContext missing", Alert(a => a["data"]!.AsObject().Remove("alertContext")) },
        { "alertContext an array", Alert(a => a["data"]!["alertContext"] = new JsonArray(1, "x", null)) },
        { "alertContext a string", Alert(a => a["data"]!["alertContext"] = "budgets") },
        { "condition null", Alert(a => a["data"]!["alertContext"] = new JsonObject { ["conditionType"] = null, ["condition"] = null }) },
        { "allOf null", Alert(a => a["data"]!["alertContext"] = new JsonObject { ["condition"] = new JsonObject { ["allOf"] = null } }) },
        { "allOf holding nulls and null fields", Alert(a => a["data"]!["alertContext"] = new JsonObject { ["condition"] = new JsonObject { ["allOf"] = new JsonArray(null, new JsonObject { ["metricName"] = null, ["metricValue"] = null, ["threshold"] = null }) } }) },
        { "metricValue huge", Alert(a => a["data"]!["alertContext"] = JsonNode.Parse("""{"condition":{"allOf":[{"metricName":"CpuPercentage","metricValue":1e400}]}}""")) },
        { "service health properties as objects", Alert(a => a["data"]!["alertContext"] = new JsonObject { ["properties"] = new JsonObject { ["impactedServices"] = new JsonArray(new JsonObject()) }, ["level"] = 3, ["channels"] = 1 }) },
        { "signalType null", Alert(a => Ess(a)["signalType"] = null) },
        { "signalType missing", Alert(a => Ess(a).Remove("signalType")) },
        { "signalType ActivityLog", Alert(a => Ess(a)["signalType"] = "ActivityLog") },
        { "signalType unknown", Alert(a => Ess(a)["signalType"] = "Trace") },
        { "alertRule null", Alert(a => Ess(a)["alertRule"] = null) },
        { "severity null", Alert(a => Ess(a)["severity"] = null) },
        { "alertTargetIDs null", Alert(a => Ess(a)["alertTargetIDs"] = null) },
        { "alertTargetIDs empty", Alert(a => Ess(a)["alertTargetIDs"] = new JsonArray()) },
        { "firedDateTime null", Alert(a => Ess(a)["firedDateTime"] = null) },
        { "monitoringService CostAlerts", Alert(a => Ess(a)["monitoringService"] = "CostAlerts") },
        { "unknown essentials and data fields", Alert(a => { Ess(a)["essentialsVersion"] = "9.9"; a["data"]!["customProperties"] = null; a["data"]!["futureField"] = new JsonObject(); }) },
        { "resolved", Alert(a => Ess(a)["monitorCondition"] = "Resolved") },
    };

    [Theory]
    [MemberData(nameof(TestActionNames))]
    public async Task PostAlert_OfficialTestAction_Accepted202AndIgnoredWithReason(string name, string reason)
    {
        string json = Payloads.TestActionAlerts().Single(a => a.Name == name).Json;

        var response = await _api.PostAlertAsync(json);

        response.Status.ShouldBe(202, $"{name}: {response}");
        response.ContentType.ShouldBe("application/json");
        response.Json.GetProperty("action").GetString().ShouldBe("Record", name);
        response.Json.GetProperty("ignored").GetBoolean().ShouldBeTrue(name);
        response.Json.GetProperty("reason").GetString().ShouldBe(reason, name);
        response.Json.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public void TestActions_CoverEverySignalTypeAndTheBudgets()
    {
        var signals = Payloads.TestActionAlerts()
            .Select(a => JsonNode.Parse(a.Json)!["data"]!["essentials"]!["signalType"]?.GetValue<string>() ?? "(null)")
            .ToHashSet();

        Payloads.TestActionAlerts().Count().ShouldBe(13);
        signals.ShouldBe(["Metric", "Log", "Activity Log", "ActivityLog", "(null)"], ignoreOrder: true);
    }

    [Fact]
    public async Task PostAlert_BudgetTestAction_RecordedAsIgnoredWithTheReason()
    {
        var budget = JsonNode.Parse(Payloads.TestActionAlerts().Single(a => a.Name.EndsWith("03-budget-alert", StringComparison.Ordinal)).Json)!.AsObject();
        string alertId = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.CostManagement/alerts/" + Guid.NewGuid().ToString("N");
        budget["data"]!["essentials"]!["alertId"] = alertId;

        var response = await _api.PostAlertAsync(budget.ToJsonString());
        var record = await _api.Server.Services.GetRequiredService<IStateStore>().GetAsync(StateKeys.Alert(alertId, "Fired"), CancellationToken.None);

        response.Status.ShouldBe(202, response.ToString());
        response.Json.GetProperty("duplicate").GetBoolean().ShouldBeFalse();
        record.ShouldNotBeNull();
        using var marker = JsonDocument.Parse(record.Value);
        marker.RootElement.GetProperty("ignored").GetBoolean().ShouldBeTrue();
        marker.RootElement.GetProperty("reason").GetString().ShouldBe("not-a-metric-alert");
        marker.RootElement.GetProperty("monitoringService").GetString().ShouldBe("CostAlerts");
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [MemberData(nameof(AcceptedShapes))]
    public async Task PostAlert_CommonSchemaOfAnotherShape_Accepted202(string name, string json)
    {
        var response = await _api.PostAlertAsync(json);

        response.Status.ShouldBe(202, $"{name}: {response}");
        response.Json.GetProperty("action").GetString().ShouldBe("Record", name);
        response.Json.GetProperty("ignored").GetBoolean().ShouldBeTrue(name);
        response.Json.GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace(name);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("not JSON", "schemaId: azureMonitorCommonAlertSchema", "$")]
    [InlineData("another schema", """{"schemaId":"Microsoft.Insights/activityLogs","data":{"essentials":{"alertId":"a","monitorCondition":"Fired"}}}""", "schemaId")]
    [InlineData("no essentials", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"alertContext":{}}}""", "data.essentials")]
    [InlineData("essentials without alertId", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"monitorCondition":"Fired"}}}""", "data.essentials.alertId")]
    [InlineData("essentials without monitorCondition", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a"}}}""", "data.essentials.monitorCondition")]
    public async Task PostAlert_NotTheSchema_Returns400NamingTheField(string name, string json, string field)
    {
        var response = await _api.PostAlertAsync(json);

        response.ShouldBeInvalid(field);
        name.ShouldNotBeEmpty();
        await _api.ShouldHaveStartedNothingAsync();
    }

    private static string Alert(Action<JsonObject> change)
    {
        // An unmanaged target: a shape that still reads as a metric alert must not reach a managed plan here.
        var alert = Payloads.Alert();
        change(alert);
        return alert.ToJsonString();
    }

    private static JsonObject Ess(JsonObject alert) => alert["data"]![Essentials]!.AsObject();
}
