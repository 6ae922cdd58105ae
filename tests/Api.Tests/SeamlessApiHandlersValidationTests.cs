using System.Text.Json.Nodes;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

/// <summary>Malformed bodies give 400 problem+json naming the field; nothing is ever started on this server.</summary>
public sealed class SeamlessApiHandlersValidationTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    private static readonly string Slot = ApiServer.SiteId + "/slots/staging";

    private readonly ApiServer _api = fixture.Api;

    public static TheoryData<string, string, string> InvalidUpgrades => new()
    {
        { "site missing", Without("site"), "site" },
        { "site null", With("site", null), "site" },
        { "site a number", With("site", 42), "site" },
        { "site empty", With("site", ""), "site" },
        { "site a bare name", With("site", "app-demo"), "site" },
        { "site a plan id", With("site", ApiServer.PlanId), "site" },
        { "site a storage account id", With("site", "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"), "site" },
        { "site a slot id", With("site", Slot), "site" },
        { "site with traversal", With("site", "/subscriptions/../../providers/Microsoft.Web/sites/app-demo"), "site" },
        { "site a URL", With("site", "https://management.azure.com" + ApiServer.SiteId), "site" },
        { "version missing", Without("version"), "version" },
        { "version a number", With("version", 2), "version" },
        { "version with a space", With("version", "v 2"), "version" },
        { "version with a quote", With("version", "v2'; DROP TABLE x;--"), "version" },
        { "version too long", With("version", new string('a', 129)), "version" },
        { "version with a trailing newline", With("version", "v2\n"), "version" },
        { "version with a trailing CRLF", With("version", "v2\r\n"), "version" },
        { "sourceSlot with a trailing newline", With("sourceSlot", "staging\n"), "sourceSlot" },
        { "targetSlot with a trailing newline", With("targetSlot", "production\n"), "targetSlot" },
        { "deliveryId with a trailing newline", With("deliveryId", "run-42\n"), "deliveryId" },
        { "strategy unknown", With("strategy", "rolling"), "strategy" },
        { "strategy a bool", With("strategy", true), "strategy" },
        { "sourceSlot invalid", With("sourceSlot", "../staging"), "sourceSlot" },
        { "sourceSlot an object", With("sourceSlot", new JsonObject()), "sourceSlot" },
        { "targetSlot invalid", With("targetSlot", "-prod"), "targetSlot" },
        { "targetSlot too long", With("targetSlot", "s" + new string('a', 59)), "targetSlot" },
        { "slots equal", With("targetSlot", "staging"), "targetSlot" },
        { "slots both production", With("sourceSlot", "production"), "targetSlot" },
        { "policy a string", With("policy", "fast"), "policy" },
        { "policy an array", With("policy", new JsonArray()), "policy" },
        { "policy unknown field", With("policy", new JsonObject { ["turbo"] = true }), "policy.turbo" },
        { "policy nested unknown field", With("policy", new JsonObject { ["canary"] = new JsonObject { ["speed"] = 1 } }), "policy.canary.speed" },
        { "policy steps wrong type", With("policy", new JsonObject { ["canary"] = new JsonObject { ["steps"] = "10,50" } }), "policy.canary.steps" },
        { "policy duration not a duration", With("policy", new JsonObject { ["guardWindow"] = "ten minutes" }), "policy.guardWindow" },
        { "policy enum unknown", With("policy", new JsonObject { ["approval"] = new JsonObject { ["onTimeout"] = "Explode" } }), "policy.approval.onTimeout" },
        { "policy canary step above 100", With("policy", new JsonObject { ["canary"] = new JsonObject { ["steps"] = new JsonArray(10, 150) } }), "policy.canary.steps[1]" },
        { "policy canary step zero", With("policy", new JsonObject { ["canary"] = new JsonObject { ["steps"] = new JsonArray(0) } }), "policy.canary.steps[0]" },
        { "policy canary steps decreasing", With("policy", new JsonObject { ["canary"] = new JsonObject { ["steps"] = new JsonArray(50, 10) } }), "policy.canary.steps[1]" },
        { "policy warm-up path with scheme", With("policy", new JsonObject { ["warmup"] = new JsonObject { ["paths"] = new JsonArray("http://169.254.169.254/") } }), "policy.warmup.paths[0]" },
        { "policy status code out of range", With("policy", new JsonObject { ["warmup"] = new JsonObject { ["allowedStatusCodes"] = new JsonArray(200, 700) } }), "policy.warmup.allowedStatusCodes[1]" },
        { "policy negative guard window", With("policy", new JsonObject { ["guardWindow"] = "-00:05:00" }), "policy.guardWindow" },
        { "duplicate site key", "{\"site\":\"x\",\"site\":\"" + ApiServer.SiteId + "\",\"version\":\"v2\"}", "$" },
        { "duplicate policy key", "{\"site\":\"" + ApiServer.SiteId + "\",\"version\":\"v2\",\"policy\":{\"guardWindow\":\"00:01:00\",\"guardWindow\":\"00:02:00\"}}", "$" },
        { "body an array", "[]", "$" },
        { "body a string", "\"site\"", "$" },
        { "body null", "null", "$" },
        { "body not json", "{site:", "$" },
        { "body empty", "", "$" },
        { "body with a comment", "/* x */ {}", "$" },
        { "body with a trailing comma", "{\"site\":\"x\",}", "$" },
    };

    public static TheoryData<string, string, string> InvalidAlerts => new()
    {
        { "schemaId missing", AlertWithout("schemaId"), "schemaId" },
        { "schemaId another schema", AlertWith(a => a["schemaId"] = "AzureMonitorMetricAlert"), "schemaId" },
        { "schemaId a number", AlertWith(a => a["schemaId"] = 1), "schemaId" },
        { "data missing", AlertWithout("data"), "data.essentials" },
        { "essentials an array", AlertWith(a => a["data"]!["essentials"] = new JsonArray()), "data.essentials" },
        { "alertId missing", AlertWith(a => a["data"]!["essentials"]!.AsObject().Remove("alertId")), "data.essentials.alertId" },
        { "alertId too long", AlertWith(a => a["data"]!["essentials"]!["alertId"] = new string('a', 1025)), "data.essentials.alertId" },
        { "monitorCondition unknown", AlertWith(a => a["data"]!["essentials"]!["monitorCondition"] = "Maybe"), "data.essentials.monitorCondition" },
        { "monitorCondition wrong case", AlertWith(a => a["data"]!["essentials"]!["monitorCondition"] = "fired"), "data.essentials.monitorCondition" },
        { "monitorCondition a bool", AlertWith(a => a["data"]!["essentials"]!["monitorCondition"] = true), "data.essentials.monitorCondition" },
        { "monitorCondition missing", AlertWith(a => a["data"]!["essentials"]!.AsObject().Remove("monitorCondition")), "data.essentials.monitorCondition" },
        { "monitorCondition null", AlertWith(a => a["data"]!["essentials"]!["monitorCondition"] = null), "data.essentials.monitorCondition" },
        { "alertId null", AlertWith(a => a["data"]!["essentials"]!["alertId"] = null), "data.essentials.alertId" },
        { "alertId empty", AlertWith(a => a["data"]!["essentials"]!["alertId"] = ""), "data.essentials.alertId" },
        { "essentials null", AlertWith(a => a["data"]!["essentials"] = null), "data.essentials" },
        { "data a string", AlertWith(a => a["data"] = "essentials"), "data.essentials" },
        { "signalType a number", AlertWith(a => a["data"]!["essentials"]!["signalType"] = 1), "data.essentials.signalType" },
        { "alertTargetIDs a string", AlertWith(a => a["data"]!["essentials"]!["alertTargetIDs"] = ApiServer.PlanId), "data.essentials.alertTargetIDs" },
        { "alertTargetIDs holding a number", AlertWith(a => a["data"]!["essentials"]!["alertTargetIDs"] = new JsonArray(1)), "data.essentials.alertTargetIDs" },
        { "alertTargetIDs holding an empty string", AlertWith(a => a["data"]!["essentials"]!["alertTargetIDs"] = new JsonArray("")), "data.essentials.alertTargetIDs" },
        { "alertTargetIDs holding an object", AlertWith(a => a["data"]!["essentials"]!["alertTargetIDs"] = new JsonArray(new JsonObject())), "data.essentials.alertTargetIDs" },
        { "firedDateTime not a date", AlertWith(a => a["data"]!["essentials"]!["firedDateTime"] = "yesterday"), "data.essentials.firedDateTime" },
        { "severity a number", AlertWith(a => a["data"]!["essentials"]!["severity"] = 3), "data.essentials.severity" },
        { "duplicate schemaId key", "{\"schemaId\":\"x\",\"schemaId\":\"azureMonitorCommonAlertSchema\"}", "$" },
        { "body an array", "[]", "$" },
        { "body not json", "{\"schemaId\":", "$" },
    };

    [Theory]
    [MemberData(nameof(InvalidUpgrades))]
    public async Task PostUpgrade_InvalidField_Returns400NamingTheField(string name, string json, string field)
    {
        var response = await _api.PostUpgradeAsync(json, delivery: "validation-" + name.Replace(' ', '-'));

        response.ShouldBeInvalid(field);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [MemberData(nameof(InvalidAlerts))]
    public async Task PostAlert_InvalidField_Returns400NamingTheField(string name, string json, string field)
    {
        var response = await _api.PostAlertAsync(json);

        response.ShouldBeInvalid(field);
        await _api.ShouldHaveStartedNothingAsync();
        name.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task PostUpgrade_SeveralInvalidFields_NamesEachField()
    {
        string json = new JsonObject { ["site"] = "nope", ["version"] = "a b", ["strategy"] = "big-bang", ["sourceSlot"] = "!" }.ToJsonString();

        var response = await _api.PostUpgradeAsync(json);

        response.ShouldBeProblem(400);
        response.ErrorFields.ShouldBe(["site", "sourceSlot", "version", "strategy"], ignoreOrder: true);
    }

    [Fact]
    public async Task PostAlert_OfficialExamples_AllAcceptedAndRecorded()
    {
        var examples = Payloads.OfficialAlerts().ToList();
        var results = new List<(string Name, string Signal, ApiResponse Response)>();

        foreach (var (name, signal, json) in examples)
        {
            results.Add((name, signal, await _api.PostAlertAsync(json)));
        }

        examples.Count.ShouldBe(15);
        examples.Select(e => e.SignalType).Distinct().ShouldBe(["Metric", "Log", "Activity Log"], ignoreOrder: true);
        foreach (var (name, signal, response) in results)
        {
            response.Status.ShouldBe(202, $"{name}: {response}");
            response.Json.GetProperty("action").GetString().ShouldBe("Record", name);
            response.Json.GetProperty("reason").GetString().ShouldBe(signal == "Metric" ? "not-managed" : "not-a-metric-alert", name);
            response.Json.GetProperty("duplicate").GetBoolean().ShouldBeFalse(name);
        }

        await _api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public async Task PostAlert_SameAlertTwice_SecondIsADuplicate()
    {
        string json = Payloads.Alert(alertId: "/subscriptions/0/providers/Microsoft.AlertsManagement/alerts/dedupe-1").ToJsonString();

        var first = await _api.PostAlertAsync(json);
        var second = await _api.PostAlertAsync(json);

        first.Json.GetProperty("duplicate").GetBoolean().ShouldBeFalse();
        second.Status.ShouldBe(202);
        second.Json.GetProperty("duplicate").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task PostAlert_ActionGroupDefinitionInsteadOfAnAlert_Returns400NamingSchemaId()
    {
        string json = Payloads.Example("alerts-common-schema.16-action-group-rest-request-useCommonAlertSchema.json");

        var response = await _api.PostAlertAsync(json);

        response.ShouldBeInvalid("schemaId");
    }

    [Fact]
    public async Task GetUpgrade_IdWithATrailingNewline_Returns404WithoutLookingItUp()
    {
        string path = "/api/upgrades/" + Uri.EscapeDataString("upgrade:app-demo:0123456789ab\n");

        var response = await _api.SendAsync(HttpMethod.Get, path);

        // The id pattern refuses it before any lookup (a looked-up id would be named in the detail).
        response.ShouldBeProblem(404).GetProperty("detail").GetString().ShouldBe("No upgrade has this id.");
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("abort")]
    public async Task Signal_UnknownUpgrade_Returns404Problem(string action)
    {
        string path = $"/api/upgrades/{Uri.EscapeDataString("upgrade:app-demo:0123456789ab")}/{action}";

        var response = await _api.SendAsync(HttpMethod.Post, path);

        response.ShouldBeProblem(404);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("plan not an id", "{\"plan\":\"plan-demo\"}", "plan")]
    [InlineData("plan a site id", "{\"plan\":\"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/sites/app\"}", "plan")]
    [InlineData("plan a number", "{\"plan\":7}", "plan")]
    [InlineData("dryRun a string", "{\"dryRun\":\"yes\"}", "dryRun")]
    [InlineData("body an array", "[]", "$")]
    public async Task PostScaleInRun_InvalidBody_Returns400NamingTheField(string name, string json, string field)
    {
        var response = await _api.SendAsync(HttpMethod.Post, "/api/scale-in/run", System.Text.Encoding.UTF8.GetBytes(json));

        response.ShouldBeInvalid(field);
        await _api.ShouldHaveStartedNothingAsync();
        name.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("limit zero", "?limit=0", "limit")]
    [InlineData("limit negative", "?limit=-1", "limit")]
    [InlineData("limit not a number", "?limit=ten", "limit")]
    [InlineData("limit huge", "?limit=99999999999999999999", "limit")]
    [InlineData("plan traversal", "?plan=..%2F..%2Fetc%2Fpasswd", "plan")]
    public async Task GetDecisions_InvalidQuery_Returns400NamingTheField(string name, string query, string field)
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/api/scale-in/decisions" + query);

        response.ShouldBeInvalid(field);
        name.ShouldNotBeEmpty();
    }

    private static string Without(string field)
    {
        var body = Payloads.Upgrade();
        body.Remove(field);
        return body.ToJsonString();
    }

    private static string With(string field, JsonNode? value)
    {
        var body = Payloads.Upgrade();
        body[field] = value;
        return body.ToJsonString();
    }

    private static string AlertWithout(string field)
    {
        var body = Payloads.Alert();
        body.Remove(field);
        return body.ToJsonString();
    }

    private static string AlertWith(Action<JsonObject> change)
    {
        var body = Payloads.Alert();
        change(body);
        return body.ToJsonString();
    }
}
