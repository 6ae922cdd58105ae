using System.Text.Json;
using System.Text.RegularExpressions;
using Seamless.Core.Alerts;
using Seamless.Infra.Tests.Bicep;

namespace Seamless.Infra.Tests;

/// <summary>
/// What the issue requires of the infrastructure, asserted on the compiled template and, where a value
/// is only known once parameters are applied (defaults, names), on the compiler's deployment snapshot.
/// </summary>
public sealed partial class InfraContentTests
{
    private static readonly string[] SeamlessActions =
    [
        "Microsoft.Web/sites/read",
        "Microsoft.Web/sites/slots/read",
        "Microsoft.Web/sites/instances/read",
        "Microsoft.Web/sites/slots/instances/read",
        "Microsoft.Web/sites/config/read",
        "Microsoft.Web/sites/slots/config/read",
        "Microsoft.Web/sites/config/list/action",
        "Microsoft.Web/sites/slots/config/list/action",
        "Microsoft.Web/sites/applySlotConfig/action",
        "Microsoft.Web/sites/slotsswap/action",
        "Microsoft.Web/sites/slots/slotsswap/action",
        "Microsoft.Web/sites/resetSlotConfig/action",
        "Microsoft.Web/sites/slots/resetSlotConfig/action",
        "Microsoft.Web/sites/config/write",
        "Microsoft.Web/serverfarms/read",
        "Microsoft.Web/serverfarms/write",
        "Microsoft.Web/serverfarms/sites/read",
        "Microsoft.Insights/metrics/read",
    ];

    private static CompiledInfra Infra => CompiledInfra.Instance;

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex ScreamingSnake();

    [Fact]
    public void OperatorRole_Actions_ExactlyWhatSeamlessCalls()
    {
        var template = Infra.Main.Module("operatorRole");
        var permissions = template.Resource("Microsoft.Authorization/roleDefinitions").Json.PathOf("properties.permissions")!.Value;

        var actions = template.Resolve(permissions[0].GetProperty("actions")).EnumerateArray().Select(a => a.GetString()).ToArray();

        permissions.GetArrayLength().ShouldBe(1);
        actions.ShouldBe(SeamlessActions, ignoreOrder: true);
        actions.ShouldNotContain(a => a!.Contains('*', StringComparison.Ordinal));
        permissions[0].GetProperty("dataActions").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void FunctionApp_FlexConsumption_DotnetIsolated10WithUserAssignedIdentity()
    {
        var template = Infra.Main.Module("functionApp");
        var site = template.Resource("Microsoft.Web/sites").Json;
        var plan = template.Resource("Microsoft.Web/serverfarms").Json;

        plan.StringAt("sku.name").ShouldBe("FC1");
        plan.StringAt("sku.tier").ShouldBe("FlexConsumption");
        site.StringAt("properties.functionAppConfig.runtime.name").ShouldBe("dotnet-isolated");
        site.StringAt("properties.functionAppConfig.runtime.version").ShouldBe("10.0");
        site.StringAt("identity.type").ShouldBe("UserAssigned");
        site.StringAt("properties.functionAppConfig.deployment.storage.authentication.type").ShouldBe("UserAssignedIdentity");
    }

    [Fact]
    public void FunctionApp_AppSettings_IdentityBasedStorageAndSeamlessTree()
    {
        var settings = SettingNames(Infra.Main.Module("functionApp"));

        settings.ShouldContain("AzureWebJobsStorage__credential");
        settings.ShouldContain("AzureWebJobsStorage__clientId");
        settings.ShouldContain("AzureWebJobsStorage__blobServiceUri");
        settings.ShouldContain("APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
        settings.ShouldContain("AZURE_CLIENT_ID");
        settings.ShouldContain("SCALE_IN_SCHEDULE");
        settings.ShouldContain("Seamless__Api__Authentication");
        settings.ShouldContain("Seamless__Azure__ManagedIdentityClientId");
        settings.ShouldContain("Seamless__Azure__StateStoreBlobEndpoint");
        settings.ShouldContain("Seamless__Azure__StateStoreContainer");
        settings.ShouldNotContain("AzureWebJobsStorage");
        settings.ShouldNotContain("FUNCTIONS_WORKER_RUNTIME");
        settings.ShouldNotContain(s => s.StartsWith("Seamless__Policies__", StringComparison.Ordinal));
    }

    [Fact]
    public void Monitoring_LocalAuth_DisabledOnWorkspaceAndAppInsights()
    {
        var template = Infra.Main.Module("monitoring");

        template.Resource("Microsoft.Insights/components").Json.BooleanAt("properties.DisableLocalAuth").ShouldBe(true);
        template.Resource("Microsoft.OperationalInsights/workspaces").Json.BooleanAt("properties.features.disableLocalAuth").ShouldBe(true);
    }

    [Fact]
    public void Storage_SharedKeys_OffAndDataRolesOnTheAppIdentity()
    {
        var account = Predicted("Microsoft.Storage/storageAccounts").Single();
        var roles = Predicted("Microsoft.Authorization/roleAssignments")
            .Where(r => r.StringAt("properties.description")?.Contains("AzureWebJobsStorage", StringComparison.Ordinal) == true)
            .Select(r => r.StringAt("properties.roleDefinitionId")!.Split('/')[^1])
            .ToArray();

        account.BooleanAt("properties.allowSharedKeyAccess").ShouldBe(false);
        account.BooleanAt("properties.allowBlobPublicAccess").ShouldBe(false);
        roles.ShouldBe(
            ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"],
            ignoreOrder: true);
    }

    [Fact]
    public void Alerts_Webhook_UsesCommonAlertSchemaAndAlertsRoute()
    {
        var template = Infra.Main.Module("alerts");
        var receivers = template.Resource("Microsoft.Insights/actionGroups").Json.PathOf("properties.webhookReceivers")!.Value;

        var receiver = receivers.EnumerateArray().Single();
        var uri = template.Resolve(receiver.GetProperty("serviceUri")).GetString() ?? string.Empty;

        receiver.BooleanAt("useCommonAlertSchema").ShouldBe(true);
        uri.ShouldContain("/api/alerts?code=");
        uri.ShouldContain("/host/default");
        uri.ShouldContain("listKeys(");
    }

    [Fact]
    public void Alerts_Rules_PlanAndSiteMetricsWithNamespaces()
    {
        var criteria = Infra.Main.Module("alerts").DeclaredResources
            .SelectMany(r => r.Json.DescendantObjects())
            .Where(o => o.TryGetProperty("metricName", out _))
            .Select(o => (Metric: o.StringAt("metricName"), Namespace: o.StringAt("metricNamespace")))
            .ToArray();

        criteria.ShouldBe(
            [
                ("CpuPercentage", "Microsoft.Web/serverfarms"),
                ("CpuPercentage", "Microsoft.Web/serverfarms"),
                ("HttpQueueLength", "Microsoft.Web/serverfarms"),
                ("Http5xx", "Microsoft.Web/sites"),
                ("HttpResponseTime", "Microsoft.Web/sites"),
            ],
            ignoreOrder: true);
    }

    [Theory]
    [InlineData("-cpu-", "GreaterThan", PlanAlertRules.CpuHighPercent, PlanAlertRules.CpuHighWindowMinutes)]
    [InlineData("-cpu-saturated-", "GreaterThanOrEqual", PlanAlertRules.CpuSaturatedPercent, PlanAlertRules.CpuSaturatedWindowMinutes)]
    public void Alerts_PlanCpuRulesByDefault_AreTheOnesTheWhatIfReplays(string marker, string op, int threshold, int windowMinutes)
    {
        var rules = Predicted("Microsoft.Insights/metricAlerts")
            .Where(r => r.StringAt("name")!.Contains(marker, StringComparison.Ordinal) && (marker.Contains("saturated", StringComparison.Ordinal) || !r.StringAt("name")!.Contains("saturated", StringComparison.Ordinal)))
            .ToArray();

        // One per managed plan: the sample one and the demo target's.
        rules.Length.ShouldBe(2);
        foreach (var rule in rules)
        {
            var criterion = rule.PathOf("properties.criteria.allOf")!.Value.EnumerateArray().Single();
            rule.BooleanAt("properties.autoMitigate").ShouldBe(false, "stateless: a plan that stays hot fires again, as the what-if replays");
            criterion.StringAt("metricName").ShouldBe("CpuPercentage");
            criterion.StringAt("timeAggregation").ShouldBe("Average");
            criterion.StringAt("operator").ShouldBe(op);
            criterion.GetProperty("threshold").GetInt32().ShouldBe(threshold);
            rule.StringAt("properties.windowSize").ShouldBe($"PT{windowMinutes}M");
            rule.StringAt("properties.evaluationFrequency").ShouldBe($"PT{PlanAlertRules.EvaluationFrequencyMinutes}M");
        }
    }

    [Fact]
    public void DemoTarget_StagingSlotWithWarmup_OnStandardOrHigher()
    {
        var slot = Predicted("Microsoft.Web/sites/slots").Single();
        var plan = Predicted("Microsoft.Web/serverfarms").Single(p => p.StringAt("name")!.Contains("demo", StringComparison.Ordinal));
        var warmup = slot.PathOf("properties.siteConfig.appSettings")!.Value.EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString());

        slot.StringAt("name")!.ShouldEndWith("/staging");
        warmup.ShouldContainKeyAndValue("WEBSITE_SWAP_WARMUP_PING_PATH", "/");
        warmup.ShouldContainKeyAndValue("WEBSITE_SWAP_WARMUP_PING_STATUSES", "200,202");
        plan.StringAt("sku.name").ShouldBe("S1");
        plan.GetProperty("sku").GetProperty("capacity").GetInt32().ShouldBe(2);
    }

    [Fact]
    public void Main_Outputs_ScreamingSnakeForAzd()
    {
        var outputs = Infra.Main.Outputs.Select(o => o.Name).ToArray();

        outputs.ShouldContain("AZURE_FUNCTION_APP_NAME");
        outputs.ShouldContain("AZURE_FUNCTION_APP_URL");
        outputs.ShouldContain("AZURE_RESOURCE_GROUP");
        outputs.ShouldAllBe(name => ScreamingSnake().IsMatch(name));
    }

    [Fact]
    public void Main_Params_DemoTargetOffByDefault()
    {
        var demo = Infra.Main.Parameters.Single(p => p.Name == "deployDemoTarget").Declaration;

        demo.GetProperty("defaultValue").ValueKind.ShouldBe(JsonValueKind.False);
    }

    [Fact]
    public void Main_Tags_TypedAsStringMapsEverywhere()
    {
        var tagParameters = Infra.Main.SelfAndModules()
            .SelectMany(t => t.Parameters.Where(p => p.Name == "tags").Select(p => (t, p.Declaration)))
            .ToArray();

        tagParameters.Length.ShouldBeGreaterThanOrEqualTo(7);
        tagParameters.ShouldAllBe(p => p.Declaration.StringAt("$ref") == "#/definitions/tagsType");
        Infra.Main.Definitions.Single(d => d.Name == "tagsType").Definition.StringAt("additionalProperties.type").ShouldBe("string");
    }

    private static JsonElement[] Predicted(string type) =>
        Infra.PredictedResources.Where(r => r.GetProperty("type").GetString() == type).ToArray();

    // Every app setting name the module writes: object keys and string literals that look like one.
    private static string[] SettingNames(ArmTemplate template) =>
        template.Root.Strings()
            .SelectMany(s => s.StartsWith('[') ? QuotedLiteral().Matches(s).Select(m => m.Groups[1].Value) : [s])
            .Where(s => SettingName().IsMatch(s))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedLiteral();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex SettingName();
}
