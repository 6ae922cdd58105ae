using System.Net;
using System.Text.Json.Nodes;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary>
/// A plan's own promise (<c>Seamless:ScaleIn:Plans:N</c>), end to end through the self-hosted app, the real adapters and
/// the simulator: the preview and the orchestrated sweep evaluate that plan with its own budget and provisioning delay over
/// the shared policy, and every other plan with the shared policy.
/// </summary>
public sealed class ScaleInPlanPolicyTests
{
    private static Dictionary<string, string?> Settings => new()
    {
        ["Seamless:ScaleIn:Policy:Min"] = "2",
        ["Seamless:ScaleIn:Policy:OverloadBudgetPercent"] = "0.2",
        ["Seamless:ScaleIn:Plans:0:Plan"] = PlanFleetSweeps.PlanId(1),
        ["Seamless:ScaleIn:Plans:0:Policy:OverloadBudgetPercent"] = "0.05",
        ["Seamless:ScaleIn:Plans:0:Policy:ProvisioningDelay"] = "00:05:00",
    };

    [Fact]
    public async Task DryRun_APlanWithItsOwnPromise_IsEvaluatedWithItOverTheSharedPolicy()
    {
        await using var h = await SeamlessHarness.StartAsync(Settings, PlanFleetSweeps.Plans(2), PlanFleetSweeps.MidHour);

        var dryRun = await PlanFleetSweeps.DryRunAsync(h);

        var body = dryRun.ToJsonString();
        var decisions = dryRun.ToDictionary(d => d!["name"]!.GetValue<string>(), d => d!["decision"]!["headroom"]!);
        decisions.Keys.Order().ShouldBe(["plan-0", "plan-1"]);
        Promise(decisions["plan-0"]).ShouldBe((0.2, 3), body);
        Promise(decisions["plan-1"]).ShouldBe((0.05, 5), body);
    }

    [Fact]
    public async Task Sweep_APlanWithItsOwnPromise_JournalsItsDecisionWithIt()
    {
        await using var h = await SeamlessHarness.StartAsync(Settings, PlanFleetSweeps.Plans(2), PlanFleetSweeps.MidHour);

        await PlanFleetSweeps.SweepAsync(h);

        foreach (var (plan, expected) in new[] { (0, (0.2, 3)), (1, (0.05, 5)) })
        {
            var (listed, journal) = await h.GetAsync($"api/scale-in/decisions?plan={Uri.EscapeDataString(PlanFleetSweeps.PlanId(plan))}");
            listed.ShouldBe(HttpStatusCode.OK, journal);
            var decision = JsonNode.Parse(journal)!["decisions"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "decision");
            Promise(decision!["detail"]!["headroom"]!).ShouldBe(expected, journal);
        }
    }

    private static (double Budget, int Lead) Promise(JsonNode headroom) =>
        (headroom["budgetPercent"]!.GetValue<double>(), headroom["leadMinutes"]!.GetValue<int>());
}
