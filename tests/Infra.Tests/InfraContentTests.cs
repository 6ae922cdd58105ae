using System.Text.RegularExpressions;
using Seamless.Core.Alerts;
using Seamless.Infra.Tests.Bicep;

namespace Seamless.Infra.Tests;

/// <summary>What the issue requires of the infrastructure, asserted on the syntax tree.</summary>
public sealed partial class InfraContentTests
{
    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex ScreamingSnake();

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
        "Microsoft.Insights/metrics/read",
    ];

    private static SyntaxNode Module(string name) => BicepParser.Parse($"infra/modules/{name}.bicep");

    private static SyntaxNode BodyOf(SyntaxNode root, string type) =>
        Declaration.Of(root).Single(d => d.Kind == "resource_declaration" && d.ResourceTypeReference()!.StartsWith(type + "@", StringComparison.Ordinal)).Body()!;

    [Fact]
    public void OperatorRole_Actions_ExactlyWhatSeamlessCalls()
    {
        var actions = Declaration.Of(Module("operator-role"))
            .Single(d => d.Kind == "variable_declaration" && d.Name == "actions")
            .Node.DescendantsAndSelf().Where(n => n.Type == "string").Select(n => n.StringValue()).ToArray();

        actions.ShouldBe(SeamlessActions, ignoreOrder: true);
        actions.ShouldNotContain(a => a!.Contains('*', StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_FlexConsumption_DotnetIsolated10WithUserAssignedIdentity()
    {
        var root = Module("function-app");
        var site = BodyOf(root, "Microsoft.Web/sites");
        var plan = BodyOf(root, "Microsoft.Web/serverfarms");

        plan.Path("sku.name")!.StringValue().ShouldBe("FC1");
        plan.Path("sku.tier")!.StringValue().ShouldBe("FlexConsumption");
        site.Path("properties.functionAppConfig.runtime.name")!.StringValue().ShouldBe("dotnet-isolated");
        site.Path("properties.functionAppConfig.runtime.version")!.StringValue().ShouldBe("10.0");
        site.Path("identity.type")!.StringValue().ShouldBe("UserAssigned");
        site.Path("properties.functionAppConfig.deployment.storage.authentication.type")!.StringValue().ShouldBe("UserAssignedIdentity");
    }

    [Fact]
    public void FunctionApp_AppSettings_IdentityBasedStorageAndSeamlessTree()
    {
        var settings = Declaration.Of(Module("function-app"))
            .Where(d => d.Kind == "variable_declaration" && d.Name is "platformSettings" or "seamlessSettings")
            .SelectMany(d => d.Node.DescendantsAndSelf().Where(n => n.Type == "object_property"))
            .Select(p => p.NamedChildren.First().Text)
            .ToArray();

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
    }

    [Fact]
    public void Monitoring_LocalAuth_DisabledOnWorkspaceAndAppInsights()
    {
        var root = Module("monitoring");

        BodyOf(root, "Microsoft.Insights/components").Path("properties.DisableLocalAuth").BooleanValue().ShouldBe(true);
        BodyOf(root, "Microsoft.OperationalInsights/workspaces").Path("properties.features.disableLocalAuth").BooleanValue().ShouldBe(true);
    }

    [Fact]
    public void Alerts_Webhook_UsesCommonAlertSchemaAndAlertsRoute()
    {
        var root = Module("alerts");
        var receiver = BodyOf(root, "Microsoft.Insights/actionGroups").Path("properties.webhookReceivers")!.NamedChildren.Single();
        var uri = Declaration.Of(root).Single(d => d.Name == "alertsUri").Node.LeafText();

        receiver.Property("useCommonAlertSchema").BooleanValue().ShouldBe(true);
        uri.ShouldContain("/api/alerts?code=");
        uri.ShouldContain("/host/default");
    }

    [Fact]
    public void Alerts_Rules_PlanAndSiteMetricsWithNamespaces()
    {
        var criteria = BicepParser.Parse("infra/modules/alerts.bicep").DescendantsAndSelf()
            .Where(n => n.Type == "object" && n.Property("metricName") is not null)
            .Select(n => (Metric: n.Property("metricName")!.StringValue(), Namespace: n.Property("metricNamespace")?.StringValue()))
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
    [InlineData("planCpuAlerts", "GreaterThan", PlanAlertRules.CpuHighPercent, PlanAlertRules.CpuHighWindowMinutes)]
    [InlineData("planCpuSaturationAlerts", "GreaterThanOrEqual", PlanAlertRules.CpuSaturatedPercent, PlanAlertRules.CpuSaturatedWindowMinutes)]
    public void Alerts_PlanCpuRules_AreTheOnesTheWhatIfReplays(string resource, string op, int threshold, int windowMinutes)
    {
        var root = Module("alerts");
        var body = Declaration.Of(root).Single(d => d.Name == resource).Node.DescendantsAndSelf().First(n => n.Type == "object" && n.Property("properties") is not null);
        var properties = body.Property("properties")!;
        var criterion = properties.Path("criteria.allOf")!.NamedChildren.Single();
        string Window(string name)
        {
            var value = properties.Property(name)!;
            return (value.StringValue() ?? Declaration.Of(root).Single(d => d.Name == value.Text).Value()!.LeafText()).Replace("'", string.Empty, StringComparison.Ordinal);
        }

        properties.Property("autoMitigate").BooleanValue().ShouldBe(false, "stateless: a plan that stays hot fires again, as the what-if replays");
        criterion.Property("metricName")!.StringValue().ShouldBe("CpuPercentage");
        criterion.Property("timeAggregation")!.StringValue().ShouldBe("Average");
        criterion.Property("operator")!.StringValue().ShouldBe(op);
        criterion.Property("threshold")!.LeafText().ShouldEndWith("??" + threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Window("windowSize").ShouldEndWith($"PT{windowMinutes}M");
        Window("evaluationFrequency").ShouldEndWith($"PT{PlanAlertRules.EvaluationFrequencyMinutes}M");
    }

    [Fact]
    public void DemoTarget_StagingSlotWithWarmup_OnStandardOrHigher()
    {
        var root = Module("demo-target");
        var slot = BodyOf(root, "Microsoft.Web/sites/slots");
        var warmup = Declaration.Of(root).Single(d => d.Name == "warmupSettings").Node.LeafText();

        slot.Property("name")!.StringValue().ShouldBe("staging");
        warmup.ShouldContain("WEBSITE_SWAP_WARMUP_PING_PATH");
        warmup.ShouldContain("WEBSITE_SWAP_WARMUP_PING_STATUSES");
        root.DescendantsAndSelf().ShouldContain(n => n.Type == "string" && n.StringValue() == "S1");
    }

    [Fact]
    public void Main_Outputs_ScreamingSnakeForAzd()
    {
        var outputs = Declaration.Of(BicepParser.Parse("infra/main.bicep"))
            .Where(d => d.Kind == "output_declaration")
            .Select(d => d.Name)
            .ToArray();

        outputs.ShouldContain("AZURE_FUNCTION_APP_NAME");
        outputs.ShouldContain("AZURE_FUNCTION_APP_URL");
        outputs.ShouldContain("AZURE_RESOURCE_GROUP");
        outputs.ShouldAllBe(name => ScreamingSnake().IsMatch(name));
    }

    [Fact]
    public void Main_Params_DemoTargetOffByDefault()
    {
        var demo = Declaration.Of(BicepParser.Parse("infra/main.bicep"))
            .Single(d => d.Kind == "parameter_declaration" && d.Name == "deployDemoTarget");

        demo.Node.Children.SkipWhile(c => c.Type != "=").Skip(1).First().BooleanValue().ShouldBe(false);
    }
}
