using System.Reflection;
using System.Net;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Model;
using Seamless.Simulator.Tests.Http;
using static Seamless.Simulator.Tests.SimulatorTestHost;

namespace Seamless.Simulator.Tests.Model;

/// <summary>The harm is real: naive operations hurt simulated users, careful ones do not.</summary>
public sealed class SimulatorStateTests
{
    [Fact]
    public async Task LockedModel_OutsideTheLock_ThrowsAndInsideLockedFinds()
    {
        await using var sim = await StartAsync();
        var state = sim.Host.State;

        var outside = Should.Throw<InvalidOperationException>(() => { _ = new SimulatorState.LockedModel(state, state.Now); });
        bool found = state.Locked(model => model.FindSite(DefaultFleet.SubscriptionId, DefaultFleet.ResourceGroup, DefaultFleet.SiteName) is not null);

        outside.Message.ShouldContain("Locked");
        found.ShouldBeTrue();
    }

    [Fact]
    public void LockingRule_TheModelIsReachableOnlyThroughTheStackOnlyDoor()
    {
        // Every member of the state that hands out or changes the internal model is private; the door is a ref struct.
        Type[] modelTypes = [typeof(SiteModel), typeof(PlanModel), typeof(SlotModel), typeof(LroModel), typeof(WriteResult), typeof(MetricResource), typeof(ProbeResult)];
        var open = typeof(SimulatorState)
            .GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsPrivate)
            .Where(m => modelTypes.Contains(m.ReturnType) || m.GetParameters().Any(p => modelTypes.Contains(p.ParameterType)))
            .Select(m => m.Name)
            .ToList();

        open.ShouldBeEmpty();
        typeof(SimulatorState.LockedModel).IsByRefLike.ShouldBeTrue();
    }

    [Fact]
    public async Task Slotsswap_UnwarmedUnderLoad_ProductionUsersSee5xxAndLatency()
    {
        // The clock stands still between the test's lines, so the swap starts at swapAt itself: the five minutes
        // after it hold the cold start whatever the machine's speed (on a scaled wall clock a half-second stall pushed it out).
        await using var sim = await StartAsync();
        await sim.WaitMinutesAsync(3);
        await sim.PostJsonAsync("_sim/deploy", """{ "site": "app-demo", "slot": "staging", "version": "v2" }""");
        var swapAt = sim.Host.State.Now;

        var status = await sim.SwapAsync(Staging, "production");
        await sim.WaitUntilAsync(swapAt.AddMinutes(6));

        status.ShouldBe(HttpStatusCode.OK);
        var before = sim.Host.State.Traffic("app-demo", "production", sim.Host.State.Start, swapAt.AddMinutes(-1));
        var after = sim.Host.State.Traffic("app-demo", "production", swapAt, swapAt.AddMinutes(5));
        before.Sum(m => m.Failed).ShouldBe(0);
        after.Sum(m => m.Failed).ShouldBeGreaterThan(500, "cold instances answer 503 to production users");
        after.Max(m => m.P99LatencyMs).ShouldBeGreaterThan(1000);
        var http5xx = await sim.MetricAsync(Site, "Microsoft.Web/sites", "Http5xx", "Total", swapAt.AddMinutes(-1), swapAt.AddMinutes(5));
        http5xx.Sum().ShouldBeGreaterThan(500);
        var latency = await sim.MetricAsync(Site, "Microsoft.Web/sites", "HttpResponseTime", "Maximum", swapAt.AddMinutes(-1), swapAt.AddMinutes(5));
        latency.Max().ShouldBeGreaterThan(1.0);
        sim.Host.State.Snapshot().Site("app-demo").Slot("production").Version.ShouldBe("v2");
    }

    [Fact]
    public async Task Slotsswap_AfterApplySlotConfigAndWarmingEveryInstance_ProductionUsersSeeNothing()
    {
        await using var sim = await StartAsync();
        await sim.WaitMinutesAsync(3);
        await sim.PostJsonAsync("_sim/deploy", """{ "site": "app-demo", "slot": "staging", "version": "v2" }""");
        await sim.PostJsonAsync($"{Staging}/applySlotConfig?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");

        foreach (string instance in await sim.InstanceIdsAsync(Staging))
        {
            await WarmAsync(sim, "app-demo-staging.azurewebsites.net", instance);
        }

        sim.Host.State.Snapshot().Site("app-demo").Slot("staging").AllWarm.ShouldBeTrue();
        var swapAt = sim.Host.State.Now;
        var status = await sim.SwapAsync(Staging, "production");
        await sim.WaitUntilAsync(swapAt.AddMinutes(6));

        status.ShouldBe(HttpStatusCode.OK);
        var after = sim.Host.State.Traffic("app-demo", "production", swapAt, swapAt.AddMinutes(5));
        after.Count.ShouldBeGreaterThanOrEqualTo(5);
        after.Sum(m => m.Failed).ShouldBe(0);
        after.Max(m => m.P99LatencyMs).ShouldBeLessThan(1000);
        var http5xx = await sim.MetricAsync(Site, "Microsoft.Web/sites", "Http5xx", "Total", swapAt.AddMinutes(-1), swapAt.AddMinutes(5));
        http5xx.Sum().ShouldBe(0);
        sim.Host.State.Snapshot().Site("app-demo").Slot("production").Version.ShouldBe("v2");
    }

    [Fact]
    public async Task ApplySlotConfig_RestartsSourceInstances_WhichAnswer503UntilWarm()
    {
        // A standing clock: the probe and the snapshot see the instances just after the restart, however late they run.
        await using var sim = await StartAsync();
        sim.Host.State.Snapshot().Site("app-demo").Slot("staging").AllWarm.ShouldBeTrue();

        await sim.PostJsonAsync($"{Staging}/applySlotConfig?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");
        using var probe = await sim.ProbeAsync("app-demo-staging.azurewebsites.net", "/health");

        var site = sim.Host.State.Snapshot().Site("app-demo");
        site.Slot("staging").Instances.ShouldAllBe(i => !i.Warm && i.State == "starting");
        site.Slot("production").AllWarm.ShouldBeTrue();
        probe.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task RoutingRule_SplitsProductionTraffic()
    {
        await using var sim = await StartAsync();
        using var response = await sim.SendAsync(HttpMethod.Patch, $"{Site}/config/web?{WebApi}", ArmRouterTests.RoutingBody(30));
        var from = sim.Host.State.Now.AddMinutes(1);

        await sim.WaitUntilAsync(from.AddMinutes(6));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        double staging = sim.Host.State.Traffic("app-demo", "staging", from, from.AddMinutes(5)).Sum(m => m.Requests);
        double production = sim.Host.State.Traffic("app-demo", "production", from, from.AddMinutes(5)).Sum(m => m.Requests);
        (staging / (staging + production)).ShouldBeInRange(0.25, 0.35);
        var stagingRequests = await sim.MetricAsync(Staging, "Microsoft.Web/sites/slots", "Requests", "Total", from, from.AddMinutes(5));
        stagingRequests.Sum().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task CapacityBelowNeed_RaisesQueueLengthLatencyAndErrors()
    {
        // A standing clock: the change is sent at changeAt itself (a minute boundary), so "before" is three whole
        // minutes before it and "after" starts three minutes after it, whatever the machine's speed.
        await using var sim = await StartAsync();
        await sim.WaitMinutesAsync(4);
        var changeAt = sim.Host.State.Now;
        using var accepted = await sim.SendAsync(HttpMethod.Put, $"{Plan}?{WebApi}", """{ "location": "West Europe", "kind": "app", "sku": { "name": "P1v3", "tier": "PremiumV3", "size": "P1v3", "family": "Pv3", "capacity": 1 }, "properties": {} }""");
        using var done = await sim.PollAsync(accepted.Headers.Location!);
        await sim.WaitUntilAsync(changeAt.AddMinutes(7));

        done.StatusCode.ShouldBe(HttpStatusCode.OK);
        var queueBefore = await sim.MetricAsync(Plan, "Microsoft.Web/serverfarms", "HttpQueueLength", "Average", changeAt.AddMinutes(-3), changeAt);
        var queueAfter = await sim.MetricAsync(Plan, "Microsoft.Web/serverfarms", "HttpQueueLength", "Average", changeAt.AddMinutes(3), changeAt.AddMinutes(6));
        var latencyBefore = await sim.MetricAsync(Site, "Microsoft.Web/sites", "HttpResponseTime", "Average", changeAt.AddMinutes(-3), changeAt);
        var latencyAfter = await sim.MetricAsync(Site, "Microsoft.Web/sites", "HttpResponseTime", "Average", changeAt.AddMinutes(3), changeAt.AddMinutes(6));
        var cpuAfter = await sim.MetricAsync(Plan, "Microsoft.Web/serverfarms", "CpuPercentage", "Average", changeAt.AddMinutes(3), changeAt.AddMinutes(6));
        queueAfter.Min().ShouldBeGreaterThan(queueBefore.Max() * 10);
        latencyAfter.Min().ShouldBeGreaterThan(latencyBefore.Max() * 5);
        cpuAfter.Min().ShouldBeGreaterThan(90);
        sim.Host.State.Traffic("app-demo", "production", changeAt.AddMinutes(3), changeAt.AddMinutes(6)).Sum(m => m.Failed).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task ScaleInWithinHeadroom_KeepsUsersUnharmed()
    {
        await using var sim = await StartAsync();
        var changeAt = sim.Host.State.Now;
        using var accepted = await sim.SendAsync(HttpMethod.Put, $"{Plan}?{WebApi}", """{ "sku": { "capacity": 2 } }""");
        using var done = await sim.PollAsync(accepted.Headers.Location!);
        await sim.WaitUntilAsync(changeAt.AddMinutes(5));

        var after = sim.Host.State.Traffic("app-demo", "production", changeAt, changeAt.AddMinutes(4));
        after.Sum(m => m.Failed).ShouldBe(0);
        after.Max(m => m.P99LatencyMs).ShouldBeLessThan(200);
        sim.Host.State.Snapshot().Plan("plan-demo").Utilisation.ShouldBeInRange(0.5, 0.7);
    }

    [Fact]
    public async Task FaultyBuild_DegradeAfterMinutes_ErrsOnlyAfterThatLongInProduction()
    {
        // A standing clock: the swap completes 15 s after swapAt, so the errors start 5:15 after it and fill the
        // "late" window (on a scaled wall clock a stall of a tenth of a second between the lines used to shift them into it).
        await using var sim = await StartAsync();
        sim.Host.State.Deploy("app-demo", "staging", new BuildSpec { Version = "v3", ErrorRate = 0.2, DegradeAfterMinutes = 5, ColdStartSeconds = 1 });
        await sim.PostJsonAsync($"{Staging}/applySlotConfig?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");
        foreach (string instance in await sim.InstanceIdsAsync(Staging))
        {
            await WarmAsync(sim, "app-demo-staging.azurewebsites.net", instance);
        }

        var swapAt = sim.Host.State.Now;
        (await sim.SwapAsync(Staging, "production")).ShouldBe(HttpStatusCode.OK);
        await sim.WaitUntilAsync(swapAt.AddMinutes(10));

        var early = sim.Host.State.Traffic("app-demo", "production", swapAt.AddMinutes(1), swapAt.AddMinutes(4));
        var late = sim.Host.State.Traffic("app-demo", "production", swapAt.AddMinutes(7), swapAt.AddMinutes(9));
        early.Sum(m => m.Failed).ShouldBe(0);
        (late.Sum(m => m.Failed) / late.Sum(m => m.Requests)).ShouldBeInRange(0.15, 0.25);
    }

    [Fact]
    public async Task FailsWarmupBuild_WithWarmupPingStatuses_SwapFailsAndProductionIsUntouched()
    {
        var fleet = DefaultFleet.Create();
        await using var sim = await StartAsync(fleet: fleet);
        sim.Host.State.Deploy("app-demo", "staging", new BuildSpec { Version = "bad", FailsWarmup = true });
        using var settings = await sim.SendAsync(HttpMethod.Put, $"{Staging}/config/appsettings?{WebApi}", """{ "properties": { "ASPNETCORE_ENVIRONMENT": "Staging", "FEATURE_X": "on", "WEBSITE_SWAP_WARMUP_PING_STATUSES": "200" } }""");
        var swapAt = sim.Host.State.Now;

        var status = await sim.SwapAsync(Staging, "production");
        await sim.WaitUntilAsync(swapAt.AddMinutes(9));

        settings.StatusCode.ShouldBe(HttpStatusCode.OK);
        status.ShouldBe(HttpStatusCode.BadRequest);
        sim.Host.State.Snapshot().Site("app-demo").Slot("production").Version.ShouldBe("v1");
        sim.Host.State.Traffic("app-demo", "production", swapAt, swapAt.AddMinutes(8)).Sum(m => m.Failed).ShouldBe(0);
    }

    private static async Task WarmAsync(SimulatorTestHost sim, string host, string instance)
    {
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            using var response = await sim.ProbeAsync(host, "/health", instance);
            response.Headers.GetValues("x-ms-instance").Single().ShouldBe(instance);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await sim.StepAsync();
        }

        throw new TimeoutException($"Instance {instance} never became healthy.");
    }
}
