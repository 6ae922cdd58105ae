using System.Net;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary>
/// A plan's own promise (<c>Seamless:ScaleIn:Plans:N</c>), end to end through the self-hosted app, the real adapters and
/// the simulator: the preview and the orchestrated sweep evaluate that plan with its own budget and provisioning delay over
/// the shared policy, and every other plan with the shared policy.
/// </summary>
public sealed class ScaleInPlanPolicyTests
{
    private static readonly DateTimeOffset MidHour = new(2026, 12, 1, 14, 20, 0, TimeSpan.Zero);

    private static Dictionary<string, string?> Settings => new()
    {
        ["Seamless:ScaleIn:Policy:Min"] = "2",
        ["Seamless:ScaleIn:Policy:OverloadBudgetPercent"] = "0.2",
        ["Seamless:ScaleIn:Plans:0:Plan"] = PlanId(1),
        ["Seamless:ScaleIn:Plans:0:Policy:OverloadBudgetPercent"] = "0.05",
        ["Seamless:ScaleIn:Plans:0:Policy:ProvisioningDelay"] = "00:05:00",
    };

    [Fact]
    public async Task DryRun_APlanWithItsOwnPromise_IsEvaluatedWithItOverTheSharedPolicy()
    {
        await using var h = await SeamlessHarness.StartAsync(Settings, Fleet(), MidHour);

        var (status, body) = await h.PostAsync("api/scale-in/run", new { dryRun = true });

        status.ShouldBe(HttpStatusCode.OK, body);
        var decisions = JsonNode.Parse(body)!["decisions"]!.AsArray().ToDictionary(d => d!["name"]!.GetValue<string>(), d => d!["decision"]!["headroom"]!);
        decisions.Keys.Order().ShouldBe(["plan-0", "plan-1"]);
        Promise(decisions["plan-0"]).ShouldBe((0.2, 3), body);
        Promise(decisions["plan-1"]).ShouldBe((0.05, 5), body);
    }

    [Fact]
    public async Task Sweep_APlanWithItsOwnPromise_JournalsItsDecisionWithIt()
    {
        await using var h = await SeamlessHarness.StartAsync(Settings, Fleet(), MidHour);

        var (status, body) = await h.PostAsync("api/scale-in/run", new { });
        status.ShouldBe(HttpStatusCode.Accepted, body);
        var engine = (DurableTaskClient)h.Server.Services.GetService(typeof(DurableTaskClient))!;
        foreach (JsonNode? run in JsonNode.Parse(body)!["runs"]!.AsArray())
        {
            string id = run!["instanceId"]!.GetValue<string>();
            await SeamlessHarness.WaitForAsync(async () => await engine.GetInstanceAsync(id) is { } done && !SingletonStart.IsActive(done.RuntimeStatus), "scale-in evaluation " + id);
        }

        foreach (var (plan, expected) in new[] { (0, (0.2, 3)), (1, (0.05, 5)) })
        {
            var (listed, journal) = await h.GetAsync($"api/scale-in/decisions?plan={Uri.EscapeDataString(PlanId(plan))}");
            listed.ShouldBe(HttpStatusCode.OK, journal);
            var decision = JsonNode.Parse(journal)!["decisions"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "decision");
            Promise(decision!["detail"]!["headroom"]!).ShouldBe(expected, journal);
        }
    }

    private static (double Budget, int Lead) Promise(JsonNode headroom) =>
        (headroom["budgetPercent"]!.GetValue<double>(), headroom["leadMinutes"]!.GetValue<int>());

    private static string PlanId(int i) =>
        $"/subscriptions/{DefaultFleet.SubscriptionId}/resourceGroups/{DefaultFleet.ResourceGroup}/providers/Microsoft.Web/serverfarms/plan-{i}";

    /// <summary>Two plans of two instances at the minimum (no evaluation acts), one site each.</summary>
    private static FleetSpec Fleet() => FleetSpec.InOneResourceGroup(
        DefaultFleet.SubscriptionId,
        DefaultFleet.ResourceGroup,
        DefaultFleet.Location,
        [.. Enumerable.Range(0, 2).Select(i => new PlanSpec
        {
            Name = $"plan-{i}",
            Sku = new SkuSpec { Name = "P1v3", Tier = "PremiumV3", Size = "P1v3", Family = "Pv3" },
            Capacity = 2,
            MaximumNumberOfWorkers = 30,
            Sites =
            [
                new SiteSpec
                {
                    Name = $"app-{i}",
                    Build = new BuildSpec { Version = "v1" },
                    ClientAffinityEnabled = false,
                    Load = new LoadSpec { RequestsPerMinute = 100 + (40 * i), Noise = 0.02 },
                },
            ],
        })]);
}
