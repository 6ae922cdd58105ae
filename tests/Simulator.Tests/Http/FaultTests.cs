using System.Net;
using System.Text.Json.Nodes;
using static Seamless.Simulator.Tests.SimulatorTestHost;

namespace Seamless.Simulator.Tests.Http;

public sealed class FaultTests
{
    /// <summary>Only a ceiling against a hang: every wait on a hold ends on observable state.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Throttle_OnGetSite_Returns429WithRetryAfterOnceThenRecovers()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "getSite", "kind": "throttle", "count": 1, "retryAfterSeconds": 7 }""");

        using var first = await sim.SendAsync(HttpMethod.Get, $"{Site}?{WebApi}");
        using var second = await sim.SendAsync(HttpMethod.Get, $"{Site}?{WebApi}");

        first.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        first.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(7));
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var op = sim.Host.State.Operations.Single();
        op.Faulted.ShouldBeTrue();
        op.Kind.ShouldBe("getSite");
        op.StatusCode.ShouldBe(429);
    }

    [Fact]
    public async Task Conflict_OnSlotsswap_Returns409OperationInProgress()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "slotsswap", "kind": "conflict", "count": 1 }""");

        using var response = await sim.SendAsync(HttpMethod.Post, $"{Staging}/slotsswap?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        error["message"]!.GetValue<string>().ShouldContain("Cannot modify this site because another operation is in progress");
        sim.Host.State.Snapshot().Site("app-demo").Slot("production").Version.ShouldBe("v1");
    }

    [Fact]
    public async Task LroFail_OnSlotsswap_AcceptsThenFailsAndLeavesProductionAlone()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "slotsswap", "kind": "lroFail", "count": 1 }""");

        using var accepted = await sim.SendAsync(HttpMethod.Post, $"{Staging}/slotsswap?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");
        using var final = await sim.PollAsync(accepted.Headers.Location!);

        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        final.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = JsonNode.Parse(await final.Content.ReadAsStringAsync())!;
        body["status"]!.GetValue<string>().ShouldBe("Failed");
        body["error"]!["code"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        sim.Host.State.Snapshot().Site("app-demo").Slot("production").Version.ShouldBe("v1");
        var op = sim.Host.State.Operations.Single(o => o.Kind == "slotsswap");
        op.Result.ShouldBe("Failed");
        op.Faulted.ShouldBeTrue();
    }

    [Fact]
    public async Task LroDelay_OnSetCapacity_AcceptsAtOnceAndCompletesThatMuchLater()
    {
        // A standing clock (StandingScale: a 180 ms delay holds the 30 s scale for 180 s more): "during" is read
        // exactly 60 s after the change was accepted, however slow the machine.
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "setCapacity", "kind": "lroDelay", "delayMs": 180, "count": 1 }""");
        var plan = await sim.GetJsonAsync($"{Plan}?{WebApi}");
        plan["sku"]!["capacity"] = 2;

        using var accepted = await sim.SendAsync(HttpMethod.Put, $"{Plan}?{WebApi}", plan.ToJsonString());
        var acceptedAt = sim.Host.State.Now;
        await sim.WaitUntilAsync(acceptedAt.AddSeconds(60));
        var during = sim.Host.State.Snapshot().Plan("plan-demo");
        var op = sim.Host.State.Operations.Single(o => o.Kind == "setCapacity");
        var resultDuring = op.Result;
        using var final = await sim.PollAsync(accepted.Headers.Location!);

        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        during.Instances.Count.ShouldBe(3);
        during.PendingCapacity.ShouldBe(2);
        resultDuring.ShouldBe("Accepted");
        final.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Host.State.Snapshot().Plan("plan-demo").Instances.Count.ShouldBe(2);
        var completed = sim.Host.State.Operations.Single(o => o.Kind == "setCapacity");
        completed.Result.ShouldBe("Succeeded");
        completed.Faulted.ShouldBeFalse();
        (completed.CompletedAt!.Value - completed.SimTime).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(210));
    }

    [Fact]
    public async Task LroDelay_OnShortOperation_DoesNotApply()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "getSite", "kind": "lroDelay", "delayMs": 1000, "count": 1 }""");

        using var response = await sim.SendAsync(HttpMethod.Get, $"{Site}?{WebApi}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Host.State.Faults.Single().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Target_OnWeb_FaultsOnlyDataPlanePathsContainingIt()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "web", "kind": "error503", "target": "/smoke", "count": 1 }""");
        string host = sim.Host.State.Snapshot().Site("app-demo").Slot("production").HostName;

        using var other = await sim.ProbeAsync(host, "/health");
        using var faulted = await sim.ProbeAsync(host, "/smoke/orders");
        using var again = await sim.ProbeAsync(host, "/smoke/orders");

        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        faulted.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var op = sim.Host.State.Operations.Single(o => o.Kind == "web");
        op.Faulted.ShouldBeTrue();
        op.Target.ShouldContain("/smoke/orders");
    }

    [Fact]
    public async Task Target_OnArm_FaultsOnlyMatchingResources()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "*", "kind": "error500", "target": "/slots/staging" }""");

        using var production = await sim.SendAsync(HttpMethod.Get, $"{Site}?{WebApi}");
        using var staging = await sim.SendAsync(HttpMethod.Get, $"{Staging}?{WebApi}");

        production.StatusCode.ShouldBe(HttpStatusCode.OK);
        staging.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Error503_OnMetrics_Returns503WithRetryAfter()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "metrics", "kind": "error503", "count": 2, "retryAfterSeconds": 2 }""");

        using var response = await sim.SendAsync(HttpMethod.Get, $"{Plan}/providers/Microsoft.Insights/metrics?{MonitorApi}&metricnames=CpuPercentage");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        sim.Host.State.Faults.Single().Count.ShouldBe(1);
    }

    [Fact]
    public async Task PlanReadFault_RefusesTheGroupListingsWithoutConsumingTheRule()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "getPlan", "kind": "error500", "count": 1, "target": "/serverfarms/" }""");
        string group = Plan[..Plan.IndexOf("/serverfarms/", StringComparison.Ordinal)];

        using var plans = await sim.SendAsync(HttpMethod.Get, $"{group}/serverfarms?{WebApi}");
        using var sites = await sim.SendAsync(HttpMethod.Get, $"{group}/sites?{WebApi}");
        using var plan = await sim.SendAsync(HttpMethod.Get, $"{Plan}?{WebApi}");

        // The plans' listing stands in for the faulted read, so it is refused (at once, not retried) and the rule is left
        // for the plan's own read; the apps' listing stands in for no faulted read.
        plans.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await plans.Content.ReadAsStringAsync()).ShouldContain("PlanReadFaulted");
        sites.StatusCode.ShouldBe(HttpStatusCode.OK);
        plan.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        sim.Host.State.Faults.ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteFaults_RemovesAllRules()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "*", "kind": "error500" }""");

        using var faulted = await sim.SendAsync(HttpMethod.Get, $"{Plan}?{WebApi}");
        using var deleted = await sim.SendAsync(HttpMethod.Delete, "_sim/faults");
        using var healthy = await sim.SendAsync(HttpMethod.Get, $"{Plan}?{WebApi}");

        faulted.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        deleted.StatusCode.ShouldBe(HttpStatusCode.OK);
        healthy.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SwapInProgress_SecondWrite_Returns409()
    {
        // The clock stands still, so the swap is still running when the second write arrives.
        await using var sim = await StartAsync();

        using var accepted = await sim.SendAsync(HttpMethod.Post, $"{Staging}/slotsswap?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");
        using var second = await sim.SendAsync(HttpMethod.Post, $"{Staging}/applySlotConfig?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");

        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
    [Fact]
    public async Task Hold_OnGetSite_HoldsTheCallUntilTheRuleIsRemovedThenItProceeds()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "getSite", "kind": "hold", "count": 1 }""");

        var held = sim.SendAsync(HttpMethod.Get, $"{Site}?{WebApi}");
        var holding = await WaitForHoldingAsync(sim, 1);
        using var notHeld = await sim.SendAsync(HttpMethod.Get, $"{Site}?{WebApi}");
        bool doneWhileHeld = held.IsCompleted;
        using var removed = await sim.SendAsync(HttpMethod.Delete, "_sim/faults");
        using var released = await held.WaitAsync(HangGuard);

        holding["kind"]!.GetValue<string>().ShouldBe("hold");
        holding["count"]!.GetValue<int>().ShouldBe(0);
        notHeld.StatusCode.ShouldBe(HttpStatusCode.OK);
        doneWhileHeld.ShouldBeFalse();
        removed.StatusCode.ShouldBe(HttpStatusCode.OK);
        released.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Host.State.Faults.ShouldBeEmpty();
    }

    [Fact]
    public async Task Hold_OnSlotsswapWhoseCallerDisconnects_AppliesNothing()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "slotsswap", "kind": "hold", "count": 1 }""");
        using var caller = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{Staging}/slotsswap?{WebApi}", UriKind.Relative))
        {
            Content = new StringContent("""{ "targetSlot": "production", "preserveVnet": true }""", System.Text.Encoding.UTF8, "application/json"),
        };

        var held = sim.Client.SendAsync(request, caller.Token);
        await WaitForHoldingAsync(sim, 1);
        await caller.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(held);
        await WaitForHoldingAsync(sim, 0);
        using var removed = await sim.SendAsync(HttpMethod.Delete, "_sim/faults");

        removed.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Host.State.Operations.ShouldNotContain(o => o.Kind == "slotsswap");
        var site = sim.Host.State.Snapshot().Site("app-demo");
        site.Slot("production").Version.ShouldBe("v1");
        site.Slot("staging").Version.ShouldBe("v2");
    }

    [Fact]
    public async Task Hold_OnWebTarget_HoldsOnlyThatPathUntilRemoved()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "web", "kind": "hold", "target": "/smoke" }""");
        string host = sim.Host.State.Snapshot().Site("app-demo").Slot("production").HostName;

        var held = sim.ProbeAsync(host, "/smoke");
        await WaitForHoldingAsync(sim, 1);
        using var other = await sim.ProbeAsync(host, "/health");
        bool doneWhileHeld = held.IsCompleted;
        using var removed = await sim.SendAsync(HttpMethod.Delete, "_sim/faults?operation=web&kind=hold");
        using var released = await held.WaitAsync(HangGuard);

        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        doneWhileHeld.ShouldBeFalse();
        released.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Host.State.Faults.ShouldBeEmpty();
    }

    [Fact]
    public async Task LroHold_OnSlotsswap_StaysInProgressAcrossPollsUntilRemovedThenSucceeds()
    {
        // A standing clock: the swap would have completed long before the polls below (30 simulated minutes later).
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "slotsswap", "kind": "lroHold", "count": 1 }""");

        using var accepted = await sim.SendAsync(HttpMethod.Post, $"{Staging}/slotsswap?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");
        await sim.WaitMinutesAsync(15);
        using var firstPoll = await sim.Client.GetAsync(accepted.Headers.Location!);
        await sim.WaitMinutesAsync(15);
        using var secondPoll = await sim.Client.GetAsync(accepted.Headers.Location!);
        var holding = sim.Host.State.Faults.Single();
        string versionWhileHeld = sim.Host.State.Snapshot().Site("app-demo").Slot("production").Version;
        var removedAt = sim.Host.State.Now;
        using var removed = await sim.SendAsync(HttpMethod.Delete, "_sim/faults?kind=lroHold");
        using var final = await sim.PollAsync(accepted.Headers.Location!);

        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        firstPoll.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        secondPoll.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        JsonNode.Parse(await secondPoll.Content.ReadAsStringAsync())!["status"]!.GetValue<string>().ShouldBe("InProgress");
        secondPoll.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        holding.Holding.ShouldBe(1);
        holding.Count.ShouldBe(0);
        versionWhileHeld.ShouldBe("v1");
        removed.StatusCode.ShouldBe(HttpStatusCode.OK);
        final.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Host.State.Snapshot().Site("app-demo").Slot("production").Version.ShouldBe("v2");
        var op = sim.Host.State.Operations.Single(o => o.Kind == "slotsswap");
        op.Result.ShouldBe("Succeeded");
        op.CompletedAt!.Value.ShouldBe(removedAt);
    }

    [Fact]
    public async Task LroHold_OnSetCapacity_HoldsTheScaleUntilRemoved()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "setCapacity", "kind": "lroHold", "count": 1 }""");
        var plan = await sim.GetJsonAsync($"{Plan}?{WebApi}");
        plan["sku"]!["capacity"] = 2;

        using var accepted = await sim.SendAsync(HttpMethod.Put, $"{Plan}?{WebApi}", plan.ToJsonString());
        await sim.WaitMinutesAsync(10);
        var during = sim.Host.State.Snapshot().Plan("plan-demo");
        var listed = await sim.GetJsonAsync("_sim/faults");
        sim.Host.State.RemoveFaults("setCapacity", null);
        using var final = await sim.PollAsync(accepted.Headers.Location!);

        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        during.Instances.Count.ShouldBe(3);
        during.PendingCapacity.ShouldBe(2);
        listed[0]!["holding"]!.GetValue<int>().ShouldBe(1);
        final.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Host.State.Snapshot().Plan("plan-demo").Instances.Count.ShouldBe(2);
        sim.Host.State.Operations.Single(o => o.Kind == "setCapacity").Result.ShouldBe("Succeeded");
    }

    [Fact]
    public async Task LroHold_RemovedBeforeTheOperationWouldEnd_CompletesAsUsual()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "setCapacity", "kind": "lroHold", "count": 1 }""");
        var plan = await sim.GetJsonAsync($"{Plan}?{WebApi}");
        plan["sku"]!["capacity"] = 2;

        using var accepted = await sim.SendAsync(HttpMethod.Put, $"{Plan}?{WebApi}", plan.ToJsonString());
        sim.Host.State.ClearFaults();
        using var final = await sim.PollAsync(accepted.Headers.Location!);

        final.StatusCode.ShouldBe(HttpStatusCode.OK);
        var op = sim.Host.State.Operations.Single(o => o.Kind == "setCapacity");
        (op.CompletedAt!.Value - op.SimTime).ShouldBe(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits until the only fault rule reports <paramref name="holding"/> held calls (read through the control API); returns the rule.</summary>
    private static async Task<JsonNode> WaitForHoldingAsync(SimulatorTestHost sim, int holding)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            var rule = (await sim.GetJsonAsync("_sim/faults")).AsArray().Single()!;
            if (rule["holding"]?.GetValue<int>() == holding)
            {
                return rule;
            }

            await Task.Delay(5, guard.Token);
        }
    }
}
