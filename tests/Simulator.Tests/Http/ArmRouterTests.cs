using System.Net;
using System.Text.Json.Nodes;
using static Seamless.Simulator.Tests.SimulatorTestHost;

namespace Seamless.Simulator.Tests.Http;

public sealed class ArmRouterTests
{
    [Fact]
    public async Task GetSite_DefaultFleet_CarriesFieldsOfGetWebAppExample()
    {
        await using var sim = await StartAsync();

        var site = await sim.GetJsonAsync($"{Site}?{WebApi}");

        var example = ExampleShapes.Response("web/GetWebApp.json");
        site.ShouldCarryFieldsOf(example, "site");
        site["properties"].ShouldCarryFieldsOf(example["properties"], "site.properties");
        site["properties"]!["siteConfig"].ShouldCarryFieldsOf(example["properties"]!["siteConfig"], "site.properties.siteConfig");
        site["id"]!.GetValue<string>().ShouldBe(Site);
        site["type"]!.GetValue<string>().ShouldBe("Microsoft.Web/sites");
        site["location"]!.GetValue<string>().ShouldBe("West Europe");
        site["properties"]!["defaultHostName"]!.GetValue<string>().ShouldBe("app-demo.azurewebsites.net");
        site["properties"]!["serverFarmId"]!.GetValue<string>().ShouldBe(Plan);
        site["properties"]!.AsObject().ContainsKey("targetSwapSlot").ShouldBeTrue();
        site["properties"]!.AsObject().ContainsKey("slotSwapStatus").ShouldBeTrue();
    }

    [Fact]
    public async Task GetSlotAndListSlots_DefaultFleet_CarryFieldsOfExamples()
    {
        await using var sim = await StartAsync();

        var slot = await sim.GetJsonAsync($"{Staging}?{WebApi}");
        var list = await sim.GetJsonAsync($"{Site}/slots?{WebApi}");

        var example = ExampleShapes.Response("web/GetWebAppSlot.json");
        slot.ShouldCarryFieldsOf(example, "slot");
        slot["properties"].ShouldCarryFieldsOf(example["properties"], "slot.properties");
        slot["name"]!.GetValue<string>().ShouldBe("app-demo/staging");
        slot["type"]!.GetValue<string>().ShouldBe("Microsoft.Web/sites/slots");
        slot["properties"]!["defaultHostName"]!.GetValue<string>().ShouldBe("app-demo-staging.azurewebsites.net");
        var listExample = ExampleShapes.Response("web/ListWebAppSlots.json");
        list.ShouldCarryFieldsOf(listExample, "slot list");
        list["value"]!.AsArray().Count.ShouldBe(1);
        list["value"]![0].ShouldCarryFieldsOf(listExample["value"]![0], "slot list item");
        list["value"]![0]!["properties"].ShouldCarryFieldsOf(listExample["value"]![0]!["properties"], "slot list item properties");
    }

    [Fact]
    public async Task ListGroup_DefaultFleet_ListsThePlanAndTheAppWithOrWithoutItsSlots()
    {
        await using var sim = await StartAsync();
        string group = Plan[..Plan.IndexOf("/serverfarms/", StringComparison.Ordinal)];

        var plans = await sim.GetJsonAsync($"{group}/serverfarms?{WebApi}");
        var sites = await sim.GetJsonAsync($"{group}/sites?{WebApi}");
        var withSlots = await sim.GetJsonAsync($"{group}/sites?{WebApi}&includeSlots=true");
        var plan = await sim.GetJsonAsync($"{Plan}?{WebApi}");

        plans["value"]!.AsArray().Single()!.ToJsonString().ShouldBe(plan.ToJsonString());
        plans["nextLink"].ShouldBeNull();
        sites["value"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ShouldBe([Site]);
        withSlots["value"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ShouldBe([Site, Staging]);
        sites["value"]![0]!["properties"]!["serverFarmId"]!.GetValue<string>().ShouldBe(Plan);
    }

    [Fact]
    public async Task GetPlan_DefaultFleet_CarriesFieldsOfExampleAndDefaults()
    {
        await using var sim = await StartAsync();

        var plan = await sim.GetJsonAsync($"{Plan}?{WebApi}");

        var example = ExampleShapes.Response("plans/GetAppServicePlan.json");
        plan.ShouldCarryFieldsOf(example, "plan");
        plan["properties"].ShouldCarryFieldsOf(example["properties"], "plan.properties");
        plan["sku"].ShouldCarryFieldsOf(example["sku"], "plan.sku");
        plan["sku"]!["name"]!.GetValue<string>().ShouldBe("P1v3");
        plan["sku"]!["tier"]!.GetValue<string>().ShouldBe("PremiumV3");
        plan["sku"]!["capacity"]!.GetValue<int>().ShouldBe(3);
        plan["properties"]!["maximumNumberOfWorkers"]!.GetValue<int>().ShouldBe(30);
        plan["properties"]!["zoneRedundant"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task ConfigRoutes_DefaultFleet_CarryFieldsOfExamplesAndStickyNames()
    {
        await using var sim = await StartAsync();

        var settings = await sim.PostJsonAsync($"{Staging}/config/appsettings/list?{WebApi}", string.Empty);
        var names = await sim.GetJsonAsync($"{Site}/config/slotConfigNames?{WebApi}");
        var web = await sim.GetJsonAsync($"{Site}/config/web?{WebApi}");
        var instances = await sim.GetJsonAsync($"{Staging}/instances?{WebApi}");

        settings.ShouldCarryFieldsOf(ExampleShapes.Response("web/ListAppSettings.json"), "appsettings");
        settings["properties"]!["ASPNETCORE_ENVIRONMENT"]!.GetValue<string>().ShouldBe("Staging");
        settings["properties"]!["FEATURE_X"]!.GetValue<string>().ShouldBe("on");
        names["properties"]!["appSettingNames"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["ASPNETCORE_ENVIRONMENT"]);
        var configExample = ExampleShapes.Response("web/GetSiteConfig.json");
        web.ShouldCarryFieldsOf(configExample, "config/web");
        web["properties"].ShouldCarryFieldsOf(configExample["properties"], "config/web properties");
        web["properties"]!["experiments"]!["rampUpRules"]!.AsArray().ShouldBeEmpty();
        var instanceExample = ExampleShapes.Response("web/GetSiteInstanceInfo.json");
        instances["value"]!.AsArray().Count.ShouldBe(3);
        instances["value"]![0].ShouldCarryFieldsOf(instanceExample, "instance");
        instances["value"]![0]!["properties"].ShouldCarryFieldsOf(instanceExample["properties"], "instance properties");
    }

    [Fact]
    public async Task AnyRoute_WithoutBearerToken_Returns401()
    {
        await using var sim = await StartAsync();
        using var anonymous = new HttpClient { BaseAddress = sim.Host.BaseAddress };

        using var site = await anonymous.GetAsync(new Uri($"{Site}?{WebApi}", UriKind.Relative));
        using var metrics = await anonymous.GetAsync(new Uri($"{Plan}/providers/Microsoft.Insights/metrics?{MonitorApi}&metricnames=CpuPercentage", UriKind.Relative));

        site.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        metrics.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        JsonNode.Parse(await site.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>().ShouldBe("AuthenticationFailed");
    }

    [Fact]
    public async Task GetSite_WithoutApiVersion_Returns400WithArmError()
    {
        await using var sim = await StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, Site);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>().ShouldBe("MissingApiVersionParameter");
    }

    [Theory]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/sites/nope")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/sites/app-demo/slots/nope")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/other/providers/Microsoft.Web/serverfarms/plan-demo")]
    public async Task Get_UnknownResource_Returns404ResourceNotFound(string id)
    {
        await using var sim = await StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, $"{id}?{WebApi}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>().ShouldBe("ResourceNotFound");
    }

    [Fact]
    public async Task Slotsswap_Completes_ExchangesVersionsSettingsAndRecordsStatus()
    {
        await using var sim = await StartAsync();

        var status = await sim.SwapAsync(Staging, "production");

        status.ShouldBe(HttpStatusCode.OK);
        var snapshot = sim.Host.State.Snapshot().Site("app-demo");
        snapshot.Slot("production").Version.ShouldBe("v2");
        snapshot.Slot("staging").Version.ShouldBe("v1");
        var prodSettings = await sim.PostJsonAsync($"{Site}/config/appsettings/list?{WebApi}", string.Empty);
        prodSettings["properties"]!["FEATURE_X"]!.GetValue<string>().ShouldBe("on");
        prodSettings["properties"]!["ASPNETCORE_ENVIRONMENT"]!.GetValue<string>().ShouldBe("Production");
        var site = await sim.GetJsonAsync($"{Site}?{WebApi}");
        site["properties"]!["slotSwapStatus"]!["sourceSlotName"]!.GetValue<string>().ShouldBe("staging");
        site["properties"]!["slotSwapStatus"]!["destinationSlotName"]!.GetValue<string>().ShouldBe("production");
        var op = sim.Host.State.Operations.Single(o => o.Kind == "slotsswap");
        op.Result.ShouldBe("Succeeded");
        op.StatusCode.ShouldBe(202);
    }

    [Fact]
    public async Task GetSite_WhileASwapRuns_ShowsInProgressOperationIdUntilItEnds()
    {
        // A standing clock (StandingScale: a 180 ms delay holds the swap 180 s more): "during" is read while the swap runs, however slow the machine.
        await using var sim = await StartAsync();
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "slotsswap", "kind": "lroDelay", "delayMs": 180, "count": 1 }""");

        using var accepted = await sim.SendAsync(HttpMethod.Post, $"{Staging}/slotsswap?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");
        var during = await sim.GetJsonAsync($"{Site}?{WebApi}");
        using var final = await sim.PollAsync(accepted.Headers.Location!);
        var after = await sim.GetJsonAsync($"{Site}?{WebApi}");

        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        during["properties"]!["inProgressOperationId"]!.GetValue<string>().ShouldBe(sim.Host.State.Operations.Single(o => o.Kind == "slotsswap").Id);
        final.StatusCode.ShouldBe(HttpStatusCode.OK);
        after["properties"]!["inProgressOperationId"].ShouldBeNull();
        sim.Host.State.Snapshot().Site("app-demo").Slot("production").Version.ShouldBe("v2");
    }

    [Fact]
    public async Task Slotsswap_ProductionLevelRoute_SwapsTheNamedSlotIn()
    {
        await using var sim = await StartAsync();

        var status = await sim.SwapAsync(Site, "staging");

        status.ShouldBe(HttpStatusCode.OK);
        sim.Host.State.Snapshot().Site("app-demo").Slot("production").Version.ShouldBe("v2");
    }

    [Fact]
    public async Task ApplyAndResetSlotConfig_SetAndClearTargetSwapSlot()
    {
        await using var sim = await StartAsync();

        await sim.PostJsonAsync($"{Staging}/applySlotConfig?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");
        var prepared = await sim.GetJsonAsync($"{Staging}?{WebApi}");
        var applied = await sim.PostJsonAsync($"{Staging}/config/appsettings/list?{WebApi}", string.Empty);
        await sim.PostJsonAsync($"{Site}/resetSlotConfig?{WebApi}", string.Empty);
        var reset = await sim.GetJsonAsync($"{Staging}?{WebApi}");
        var restored = await sim.PostJsonAsync($"{Staging}/config/appsettings/list?{WebApi}", string.Empty);

        prepared["properties"]!["targetSwapSlot"]!.GetValue<string>().ShouldBe("production");
        applied["properties"]!["ASPNETCORE_ENVIRONMENT"]!.GetValue<string>().ShouldBe("Production");
        reset["properties"]!["targetSwapSlot"].ShouldBeNull();
        restored["properties"]!["ASPNETCORE_ENVIRONMENT"]!.GetValue<string>().ShouldBe("Staging");
        sim.Host.State.Operations.Select(o => o.Kind).ShouldBe(["applySlotConfig", "resetSlotConfig"]);
    }

    [Fact]
    public async Task ApplySlotConfig_ProductionLevelRoute_PreparesTheNamedSlot()
    {
        await using var sim = await StartAsync();

        await sim.PostJsonAsync($"{Site}/applySlotConfig?{WebApi}", """{ "targetSlot": "staging", "preserveVnet": true }""");

        var slot = sim.Host.State.Snapshot().Site("app-demo").Slot("staging");
        slot.TargetSwapSlot.ShouldBe("production");
    }

    [Fact]
    public async Task PutPlan_NewCapacity_Returns202ThenChangesInstanceCount()
    {
        await using var sim = await StartAsync();
        var plan = await sim.GetJsonAsync($"{Plan}?{WebApi}");
        plan["sku"]!["capacity"] = 2;

        using var accepted = await sim.SendAsync(HttpMethod.Put, $"{Plan}?{WebApi}", plan.ToJsonString());
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        accepted.Headers.Contains("Azure-AsyncOperation").ShouldBeTrue();
        using var final = await sim.PollAsync(accepted.Headers.Location!);

        final.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await sim.GetJsonAsync($"{Plan}?{WebApi}");
        after["sku"]!["capacity"]!.GetValue<int>().ShouldBe(2);
        sim.Host.State.Snapshot().Plan("plan-demo").Instances.Count.ShouldBe(2);
        var status = await sim.GetJsonAsync(accepted.Headers.GetValues("Azure-AsyncOperation").Single().Replace(sim.Host.BaseAddress.ToString(), "/", StringComparison.Ordinal));
        status["status"]!.GetValue<string>().ShouldBe("Succeeded");
        sim.Host.State.Operations.Single(o => o.Kind == "setCapacity").Result.ShouldBe("Succeeded");
    }

    [Fact]
    public async Task PutPlan_CapacityAboveTierLimit_Returns400()
    {
        await using var sim = await StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Put, $"{Plan}?{WebApi}", """{ "location": "West Europe", "sku": { "name": "P1v3", "capacity": 31 } }""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        sim.Host.State.Operations.Single().Result.ShouldBe("Rejected");
    }

    [Fact]
    public async Task PatchWebConfig_RampUpRule_IsEchoedAndLogged()
    {
        await using var sim = await StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Patch, $"{Site}/config/web?{WebApi}", RoutingBody(25));
        var config = await sim.GetJsonAsync($"{Site}/config/web?{WebApi}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rule = config["properties"]!["experiments"]!["rampUpRules"]![0]!;
        rule["actionHostName"]!.GetValue<string>().ShouldBe("app-demo-staging.azurewebsites.net");
        rule["reroutePercentage"]!.GetValue<double>().ShouldBe(25);
        sim.Host.State.Snapshot().Site("app-demo").Routing["staging"].ShouldBe(25);
        sim.Host.State.Operations.Single().Kind.ShouldBe("setRouting");
    }

    [Fact]
    public async Task PatchWebConfig_RuleForUnknownSlot_Returns400()
    {
        await using var sim = await StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Patch, $"{Site}/config/web?{WebApi}", """{ "properties": { "experiments": { "rampUpRules": [ { "name": "qa", "actionHostName": "app-demo-qa.azurewebsites.net", "reroutePercentage": 10 } ] } } }""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    internal static string RoutingBody(double percentage) => $$"""
        { "properties": { "experiments": { "rampUpRules": [ {
            "name": "staging", "actionHostName": "app-demo-staging.azurewebsites.net", "reroutePercentage": {{percentage}},
            "changeStep": null, "changeIntervalInMinutes": null, "minReroutePercentage": null, "maxReroutePercentage": null,
            "changeDecisionCallbackUrl": null } ] } } }
        """;
}
