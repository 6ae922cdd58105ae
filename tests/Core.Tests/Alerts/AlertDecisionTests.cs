using Seamless.Core.Alerts;
using Seamless.Core.Payloads;
using Seamless.Core.Resources;

namespace Seamless.Core.Tests.Alerts;

public sealed class AlertDecisionTests
{
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/rg-seamless-demo/providers/microsoft.web/serverfarms/plan-demo";
    private const string Site = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/sites/app-demo";
    private const string OtherPlan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/other";
    private const string Vm = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1";

    public static TheoryData<string, string, string, string, string?, AlertActionKind> Cases => new()
    {
        { "cpu fired on managed plan", "Metric", "Fired", Plan, "CpuPercentage", AlertActionKind.ScaleOutAndVeto },
        { "queue fired on managed plan", "Metric", "Fired", Plan, "HttpQueueLength", AlertActionKind.ScaleOutAndVeto },
        { "cpu resolved on managed plan", "Metric", "Resolved", Plan, "CpuPercentage", AlertActionKind.LiftVeto },
        { "non-capacity metric on plan", "Metric", "Fired", Plan, "BytesSent", AlertActionKind.Record },
        { "5xx fired on managed site", "Metric", "Fired", Site, "Http5xx", AlertActionKind.AbortRelease },
        { "5xx fired on a slot of a managed site", "Metric", "Fired", Site + "/slots/staging", "Http5xx", AlertActionKind.AbortRelease },
        { "site alert resolved", "Metric", "Resolved", Site, "Http5xx", AlertActionKind.Record },
        { "unmanaged plan", "Metric", "Fired", OtherPlan, "CpuPercentage", AlertActionKind.Record },
        { "not an App Service resource", "Metric", "Fired", Vm, "Percentage CPU", AlertActionKind.Record },
        { "log alert on plan", "Log", "Fired", Plan, null, AlertActionKind.Record },
        { "activity log alert on site", "Activity Log", "Fired", Site, null, AlertActionKind.Record },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_Routes(string name, string signal, string condition, string target, string? metric, AlertActionKind expected)
    {
        var alert = new AlertNotification(
            "/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/1",
            "rule",
            "Sev2",
            signal,
            condition,
            [target],
            DateTimeOffset.UnixEpoch,
            "SingleResourceMultipleMetricCriteria",
            metric is null ? [] : [new AlertMetricCondition(metric, null, "GreaterThan", "80", 90)]);
        var managedPlan = AzureResourceId.Parse(Plan);
        var managedSite = AzureResourceId.Parse(Site);

        var action = AlertDecision.Decide(alert, p => p.Equals(managedPlan), s => s.Equals(managedSite));

        action.Kind.ShouldBe(expected, name);
        action.Message.ShouldNotBeNullOrWhiteSpace();
    }
}
