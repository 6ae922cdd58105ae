using System.Net;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Orchestration;

namespace Seamless.Workflows.Tests.Infrastructure;

/// <summary>Fleets of several small plans and the scale-in sweeps over them through the API, for the harness's tests.</summary>
internal static class PlanFleetSweeps
{
    /// <summary>
    /// A fixed start well inside an hour, so sweeps a minute apart learn in the same hour. Started at the wall clock's time,
    /// a second sweep made 5 batch calls at 03:55 and 7 at 04:05 (UTC); which reads made the two more was not pinned down.
    /// </summary>
    public static readonly DateTimeOffset MidHour = new(2026, 12, 1, 14, 20, 0, TimeSpan.Zero);

    /// <summary>The resource id of <c>plan-{i}</c> of <see cref="Plans"/>.</summary>
    public static string PlanId(int i) =>
        $"/subscriptions/{DefaultFleet.SubscriptionId}/resourceGroups/{DefaultFleet.ResourceGroup}/providers/Microsoft.Web/serverfarms/plan-{i}";

    /// <summary><paramref name="count"/> plans of two instances, one site each with affinity off and a load one instance carries.</summary>
    public static FleetSpec Plans(int count) => FleetSpec.InOneResourceGroup(
        DefaultFleet.SubscriptionId,
        DefaultFleet.ResourceGroup,
        DefaultFleet.Location,
        [.. Enumerable.Range(0, count).Select(i => new PlanSpec
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

    /// <summary>Evaluates every managed plan without acting (the preview the API answers with), in plan order.</summary>
    public static async Task<JsonArray> DryRunAsync(SeamlessHarness h)
    {
        var (status, body) = await h.PostAsync("api/scale-in/run", new { dryRun = true });
        status.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["decisions"]!.AsArray();
    }

    /// <summary>Starts an evaluation of every managed plan as orchestrations and waits for all of them.</summary>
    public static async Task SweepAsync(SeamlessHarness h)
    {
        var (status, body) = await h.PostAsync("api/scale-in/run", new { });
        status.ShouldBe(HttpStatusCode.Accepted, body);
        var engine = (DurableTaskClient)h.Server.Services.GetService(typeof(DurableTaskClient))!;
        foreach (JsonNode? run in JsonNode.Parse(body)!["runs"]!.AsArray())
        {
            string id = run!["instanceId"]!.GetValue<string>();
            await SeamlessHarness.WaitForAsync(async () => await engine.GetInstanceAsync(id) is { } done && !SingletonStart.IsActive(done.RuntimeStatus), "scale-in evaluation " + id);
        }
    }
}
