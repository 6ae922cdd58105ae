using System.Net;
using System.Text.Json.Nodes;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Model;
using static Seamless.Simulator.Tests.SimulatorTestHost;

namespace Seamless.Simulator.Tests.Model;

/// <summary>Scale-in as the platform does it, on a standing clock: only the test moves simulated time.</summary>
public sealed class DrainTests
{
    private const string SiteName = DefaultFleet.SiteName;
    private const string PlanName = DefaultFleet.PlanName;

    [Fact]
    public async Task CapacityDecrease_LongRequestsAndAffinity_FailsRequestsAndLosesSessionsWhenTheDrainEnds()
    {
        await using var sim = await StartAsync(fleet: Fleet(affinity: true, longShare: 0.05, longSeconds: 150));
        await sim.WaitMinutesAsync(15);

        var stepAt = await ScaleInAsync(sim, 2);
        var during = sim.Host.State.Snapshot();
        await sim.WaitUntilAsync(stepAt.AddSeconds(DrainSettings.DefaultDrainSeconds + 1));
        var after = sim.Host.State.Snapshot();

        during.Plan(PlanName).Draining.Count.ShouldBe(1);
        during.Site(SiteName).Drain!.FailedByScaleIn.ShouldBe(0, "nothing fails before the drain ends");
        after.Plan(PlanName).Draining.ShouldBeEmpty();
        after.Plan(PlanName).Instances.Count.ShouldBe(2);
        var drain = after.Site(SiteName).Drain!;
        // 1200 req/min over ~3 instances, 5 % long: ~0.33 long req/s on the removed one, each running 150 s > 90 s drain ⇒ ~20 fail.
        drain.FailedByScaleIn.ShouldBeInRange(10, 40);
        // ~400 req/min on the instance, 10 requests per session, sessions live 20 min, 15 min of history ⇒ ~600 sessions.
        drain.SessionsLost.ShouldBeInRange(300, 900);
    }

    [Fact]
    public async Task CapacityDecrease_ShortRequestsAffinityOff_CostsNothing()
    {
        await using var sim = await StartAsync(fleet: Fleet(affinity: false, longShare: 0, longSeconds: 0));
        await sim.WaitMinutesAsync(15);

        var stepAt = await ScaleInAsync(sim, 2);
        await sim.WaitUntilAsync(stepAt.AddMinutes(3));

        var drain = sim.Host.State.Snapshot().Site(SiteName).Drain!;
        drain.FailedByScaleIn.ShouldBe(0);
        drain.SessionsLost.ShouldBe(0);
        drain.ActiveSessions.ShouldBe(0);
    }

    [Fact]
    public async Task CapacityDecrease_LongRequestsShorterThanTheDrain_FailNone()
    {
        await using var sim = await StartAsync(fleet: Fleet(affinity: false, longShare: 0.2, longSeconds: 60));
        await sim.WaitMinutesAsync(15);

        var stepAt = await ScaleInAsync(sim, 2);
        await sim.WaitUntilAsync(stepAt.AddMinutes(3));

        sim.Host.State.Snapshot().Site(SiteName).Drain!.FailedByScaleIn.ShouldBe(0);
    }

    [Fact]
    public async Task CapacityDecrease_DrainedInstance_GetsNoNewRequests()
    {
        await using var sim = await StartAsync(fleet: Fleet(affinity: true, longShare: 0, longSeconds: 0));
        await sim.WaitMinutesAsync(5);

        var stepAt = await ScaleInAsync(sim, 2);
        string drained = sim.Host.State.Snapshot().Plan(PlanName).Draining.Single();
        var minute = new DateTimeOffset(stepAt.Year, stepAt.Month, stepAt.Day, stepAt.Hour, stepAt.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        await sim.WaitUntilAsync(minute.AddMinutes(2));

        var perInstance = await RequestsPerInstanceAsync(sim, minute, minute.AddMinutes(1));
        perInstance.GetValueOrDefault(drained).ShouldBe(0, "a draining instance is out of the load balancer");
        perInstance.Where(kv => kv.Key != drained).Sum(kv => kv.Value).ShouldBeGreaterThan(1000);
    }

    [Fact]
    public async Task CapacityDecrease_PlatformPicksTheInstanceFromTheSeed_NotAlwaysTheLast()
    {
        var picked = new List<int>();
        foreach (int seed in new[] { 1, 2, 3, 4, 5, 6 })
        {
            await using var sim = await StartAsync(seed: seed, fleet: Fleet(affinity: false, longShare: 0, longSeconds: 0));
            var before = sim.Host.State.Snapshot().Plan(PlanName).Instances.Select(i => i.Id).ToList();
            await ScaleInAsync(sim, 2);
            picked.Add(before.IndexOf(sim.Host.State.Snapshot().Plan(PlanName).Draining.Single()));
        }

        picked.ShouldAllBe(i => i >= 0);
        picked.Distinct().Count().ShouldBeGreaterThan(1, string.Join(",", picked));
    }

    [Fact]
    public async Task ControlApi_StateAndRequestProfile_ExposeAffinityAndScaleInDamage()
    {
        await using var sim = await StartAsync(fleet: Fleet(affinity: false, longShare: 0, longSeconds: 0));
        var profile = await sim.PostJsonAsync("_sim/request-profile", $$"""{ "site": "{{SiteName}}", "clientAffinityEnabled": true, "longRequestShare": 0.05, "longRequestSeconds": 150 }""");
        await sim.WaitMinutesAsync(15);
        var stepAt = await ScaleInAsync(sim, 2);
        await sim.WaitUntilAsync(stepAt.AddMinutes(2));

        var state = await sim.GetJsonAsync("_sim/state");
        var site = await sim.GetJsonAsync($"{Site}?{WebApi}");

        profile["drain"]!["clientAffinityEnabled"]!.GetValue<bool>().ShouldBeTrue();
        var drain = state["plans"]![0]!["sites"]![0]!["drain"]!;
        drain["failedByScaleIn"]!.GetValue<double>().ShouldBeGreaterThan(0);
        drain["sessionsLost"]!.GetValue<double>().ShouldBeGreaterThan(0);
        site["properties"]!["clientAffinityEnabled"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Metrics_LongRequests_ShowInResponseTimeMaximumAndQueueIsReported()
    {
        await using var sim = await StartAsync(fleet: Fleet(affinity: false, longShare: 0.05, longSeconds: 150));
        await sim.WaitMinutesAsync(5);
        var now = sim.Host.State.Now;

        var maximum = await sim.MetricAsync(Site, "Microsoft.Web/sites", "HttpResponseTime", "Maximum", now.AddMinutes(-3), now.AddMinutes(-1));
        var queue = await sim.MetricAsync(Site, "Microsoft.Web/sites", "RequestsInApplicationQueue", "Average", now.AddMinutes(-3), now.AddMinutes(-1));

        maximum.ShouldNotBeEmpty();
        maximum.ShouldAllBe(v => v >= 150);
        queue.Count.ShouldBe(2);
        queue.ShouldAllBe(v => v == 0);
    }

    [Fact]
    public async Task Fleet_DefaultSite_HasAffinityOffAndShortRequests()
    {
        await using var sim = await StartAsync();

        var site = await sim.GetJsonAsync($"{Site}?{WebApi}");
        var drain = sim.Host.State.Snapshot().Site(SiteName).Drain!;

        site["properties"]!["clientAffinityEnabled"]!.GetValue<bool>().ShouldBeFalse();
        drain.LongRequestShare.ShouldBe(0);
        new SiteSpec().ClientAffinityEnabled.ShouldBeTrue("Azure creates sites with ARR affinity on");
    }

    private static FleetSpec Fleet(bool affinity, double longShare, double longSeconds)
    {
        var fleet = DefaultFleet.Create();
        var rg = fleet.Subscriptions[0].ResourceGroups[0];
        var plan = rg.Plans[0];
        var site = plan.Sites[0] with { ClientAffinityEnabled = affinity, LongRequestShare = longShare, LongRequestSeconds = longSeconds };
        return fleet with { Subscriptions = [fleet.Subscriptions[0] with { ResourceGroups = [rg with { Plans = [plan with { Sites = [site] }] }] }] };
    }

    /// <summary>Sets the plan's capacity through ARM and waits for the operation; returns when it was applied.</summary>
    private static async Task<DateTimeOffset> ScaleInAsync(SimulatorTestHost sim, int capacity)
    {
        using var accepted = await sim.SendAsync(HttpMethod.Patch, $"{Plan}?{WebApi}", $$"""{ "sku": { "capacity": {{capacity}} } }""");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        using var final = await sim.PollAsync(accepted.Headers.Location!);
        final.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Host.State.Snapshot().Plan(PlanName).Instances.Count.ShouldBe(capacity);
        return sim.Host.State.Now;
    }

    private static async Task<Dictionary<string, double>> RequestsPerInstanceAsync(SimulatorTestHost sim, DateTimeOffset from, DateTimeOffset to)
    {
        string timespan = $"{from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}/{to.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";
        var body = await sim.GetJsonAsync($"{Site}/providers/Microsoft.Insights/metrics?{MonitorApi}&timespan={timespan}&interval=PT1M&metricnames=Requests&aggregation=Total&metricnamespace=Microsoft.Web/sites&$filter=Instance eq '*'");
        return body["value"]![0]!["timeseries"]!.AsArray().ToDictionary(
            s => s!["metadatavalues"]![0]!["value"]!.GetValue<string>(),
            s => s!["data"]!.AsArray().Sum(p => p!["total"]?.GetValue<double>() ?? 0));
    }
}
