using System.Text.Json.Nodes;
using Seamless.Azure.Tests.Infrastructure;
using Seamless.Core.Model;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

/// <summary>Shape conformance: each operation against the official example payloads over loopback HTTP.</summary>
public sealed class ArmAppServiceClientTests
{
    private const string Site = "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/testrg123/providers/Microsoft.Web/sites/sitef6141";
    private const string Plan = "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/testrg123/providers/Microsoft.Web/serverfarms/testsf6141";

    [Fact]
    public async Task GetSiteAsync_GetWebAppExample_MapsStateHostsPlanAndLocation()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("web/GetWebApp.json")));

        SiteState site = await TestClients.AppService(TestClients.Options(server.BaseAddress)).GetSiteAsync(Site, null, CancellationToken.None);

        site.Id.ShouldBe(Site);
        site.Slot.ShouldBe("production");
        site.State.ShouldBe("Running");
        site.IsRunning.ShouldBeTrue();
        site.DefaultHostName.ShouldBe("sitef6141.azurewebsites.net");
        site.HostNames.ShouldBe(["sitef6141.azurewebsites.net"]);
        site.ServerFarmId.ShouldEndWith("/serverfarms/DefaultAsp");
        site.Location.ShouldBe("East US");
        site.TargetSwapSlot.ShouldBeNull();
        RecordedRequest request = server.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("GET");
        request.Path.ShouldBe(Site);
        request.QueryValue("api-version").ShouldBe("2024-04-01");
        request.Header("Authorization").ShouldBe("Bearer test-token");
    }

    [Fact]
    public async Task GetSiteAsync_GetWebAppSlotExample_ReadsTheSlot()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("web/GetWebAppSlot.json")));

        SiteState slot = await TestClients.AppService(TestClients.Options(server.BaseAddress)).GetSiteAsync(Site, "staging", CancellationToken.None);

        slot.Slot.ShouldBe("staging");
        slot.Id.ShouldEndWith("/slots/staging");
        slot.DefaultHostName.ShouldBe("sitef6141-staging.azurewebsites.net");
        server.Requests.ShouldHaveSingleItem().Path.ShouldBe(Site + "/slots/staging");
    }

    [Fact]
    public async Task GetSiteAsync_SwapStatusAndPendingPreview_AreMapped()
    {
        JsonNode body = JsonNode.Parse(Examples.Body("web/GetWebAppSlot.json"))!;
        body["properties"]!["targetSwapSlot"] = "production";
        body["properties"]!["slotSwapStatus"] = new JsonObject
        {
            ["timestampUtc"] = "2025-01-01T10:00:00Z",
            ["sourceSlotName"] = "staging",
            ["destinationSlotName"] = "production",
        };
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(body.ToJsonString()));

        SiteState slot = await TestClients.AppService(TestClients.Options(server.BaseAddress)).GetSiteAsync(Site, "staging", CancellationToken.None);

        slot.TargetSwapSlot.ShouldBe("production");
        slot.LastSwap.ShouldBe(new SlotSwapStatus(new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.Zero), "staging", "production"));
    }

    [Fact]
    public async Task ListSlotsAsync_ListWebAppSlotsExample_ReturnsEverySlot()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("web/ListWebAppSlots.json")));

        IReadOnlyList<SiteState> slots = await TestClients.AppService(TestClients.Options(server.BaseAddress)).ListSlotsAsync(Site, CancellationToken.None);

        slots.Select(s => s.Slot).ShouldBe(["staging", "qa"]);
        slots.Select(s => s.DefaultHostName).ShouldBe(["sitef6141-staging.azurewebsites.net", "sitef6141-qa.azurewebsites.net"]);
        server.Requests.ShouldHaveSingleItem().Path.ShouldBe(Site + "/slots");
    }

    [Fact]
    public async Task ListInstancesAsync_PagedCollectionOfInstanceInfo_FollowsNextLink()
    {
        // No example exists for the list operation; its items have the GetSiteInstanceInfo shape.
        JsonNode instance = JsonNode.Parse(Examples.Body("web/GetSiteInstanceInfo.json"))!;
        LoopbackServer? self = null;
        await using LoopbackServer server = await LoopbackServer.StartAsync(request =>
        {
            if (request.QueryValue("page") is null)
            {
                var first = new JsonObject
                {
                    ["value"] = new JsonArray(instance.DeepClone()),
                    ["nextLink"] = new Uri(self!.BaseAddress, Site + "/slots/staging/instances?api-version=2024-04-01&page=2").AbsoluteUri,
                };
                return StubResponse.Json(first.ToJsonString());
            }

            JsonNode second = instance.DeepClone();
            second["name"] = "second";
            second["properties"]!["state"] = "UNKNOWN";
            return StubResponse.Json(new JsonObject { ["value"] = new JsonArray(second) }.ToJsonString());
        });
        self = server;

        IReadOnlyList<SiteInstance> instances = await TestClients.AppService(TestClients.Options(server.BaseAddress)).ListInstancesAsync(Site, "staging", CancellationToken.None);

        instances.ShouldBe([new SiteInstance("134987120", "READY"), new SiteInstance("second", "UNKNOWN")]);
        server.Requests[0].Path.ShouldBe(Site + "/slots/staging/instances");
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetAppSettingNamesAsync_ListAppSettingsExample_ReturnsNamesOnly()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("web/ListAppSettings.json")));

        IReadOnlyList<string> names = await TestClients.AppService(TestClients.Options(server.BaseAddress)).GetAppSettingNamesAsync(Site, "staging", CancellationToken.None);

        names.ShouldBe(["Setting1", "Setting2"]);
        RecordedRequest request = server.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe(Site + "/slots/staging/config/appsettings/list");
    }

    [Fact]
    public async Task GetSlotConfigNamesAsync_DocumentedShape_ReturnsStickyNames()
    {
        const string body = """{ "id": "x", "name": "slotConfigNames", "properties": { "appSettingNames": ["ASPNETCORE_ENVIRONMENT"], "connectionStringNames": ["Db"], "azureStorageConfigNames": null } }""";
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(body));

        SlotConfigNames names = await TestClients.AppService(TestClients.Options(server.BaseAddress)).GetSlotConfigNamesAsync(Site, CancellationToken.None);

        names.AppSettingNames.ShouldBe(["ASPNETCORE_ENVIRONMENT"]);
        names.ConnectionStringNames.ShouldBe(["Db"]);
        server.Requests.ShouldHaveSingleItem().Path.ShouldBe(Site + "/config/slotConfigNames");
    }

    [Fact]
    public async Task ApplySlotConfigAsync_ToProduction_PostsSourceSlotAsTargetSlot()
    {
        // ApplySlotConfig.json: 200 with no body.
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(200));

        await TestClients.AppService(TestClients.Options(server.BaseAddress)).ApplySlotConfigAsync(Site, "staging", "production", CancellationToken.None);

        RecordedRequest request = server.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe(Site + "/applySlotConfig");
        JsonNode sent = JsonNode.Parse(request.Body)!;
        JsonNode expected = Examples.Load("web/ApplySlotConfig.json")["parameters"]!["slotSwapEntity"]!;
        JsonNode.DeepEquals(sent, expected).ShouldBeTrue(sent.ToJsonString());
    }

    [Fact]
    public async Task ApplySlotConfigAsync_SlotToSlot_PostsOnTheSourceSlot()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(200));

        await TestClients.AppService(TestClients.Options(server.BaseAddress)).ApplySlotConfigAsync(Site, "staging", "qa", CancellationToken.None);

        RecordedRequest request = server.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe(Site + "/slots/staging/applySlotConfig");
        JsonNode.Parse(request.Body)!["targetSlot"]!.GetValue<string>().ShouldBe("qa");
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("production", "")]
    [InlineData("staging", "/slots/staging")]
    public async Task ResetSlotConfigAsync_Slot_PostsResetOnThatSlot(string? slot, string suffix)
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(200));

        await TestClients.AppService(TestClients.Options(server.BaseAddress)).ResetSlotConfigAsync(Site, slot, CancellationToken.None);

        RecordedRequest request = server.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe(Site + suffix + "/resetSlotConfig");
    }

    [Fact]
    public async Task SwapAsync_Accepted_PollsLocationUntilDone()
    {
        int polls = 0;
        LoopbackServer? self = null;
        await using LoopbackServer server = await LoopbackServer.StartAsync(request =>
        {
            if (request.Method == "POST")
            {
                return new StubResponse(202, Headers: new Dictionary<string, string>
                {
                    ["Location"] = new Uri(self!.BaseAddress, "/operations/swap-1").AbsoluteUri,
                    ["Retry-After"] = "0",
                });
            }

            return ++polls < 3 ? new StubResponse(202, Headers: new Dictionary<string, string> { ["Retry-After"] = "0" }) : new StubResponse(200);
        });
        self = server;

        await TestClients.AppService(TestClients.Options(server.BaseAddress)).SwapAsync(Site, "staging", "production", CancellationToken.None);

        RecordedRequest swap = server.Requests[0];
        swap.Path.ShouldBe(Site + "/slots/staging/slotsswap");
        JsonNode.DeepEquals(JsonNode.Parse(swap.Body), JsonNode.Parse("""{"targetSlot":"production","preserveVnet":true}""")).ShouldBeTrue(swap.Body);
        server.Requests.Skip(1).Select(r => r.Path).ShouldAllBe(p => p == "/operations/swap-1");
        polls.ShouldBe(3);
    }

    [Fact]
    public async Task SwapAsync_ProductionSource_UsesTheProductionLevelOperation()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(200));

        await TestClients.AppService(TestClients.Options(server.BaseAddress)).SwapAsync(Site, "production", "staging", CancellationToken.None);

        RecordedRequest request = server.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe(Site + "/slotsswap");
        JsonNode.Parse(request.Body)!["targetSlot"]!.GetValue<string>().ShouldBe("staging");
    }

    [Fact]
    public async Task SwapAsync_AsyncOperationFails_ThrowsOperationFailedWithArmError()
    {
        LoopbackServer? self = null;
        await using LoopbackServer server = await LoopbackServer.StartAsync(request => request.Method == "POST"
            ? new StubResponse(202, Headers: new Dictionary<string, string>
            {
                ["Azure-AsyncOperation"] = new Uri(self!.BaseAddress, "/operations/swap-2").AbsoluteUri,
                ["Location"] = new Uri(self!.BaseAddress, "/operations/swap-2/result").AbsoluteUri,
            })
            : StubResponse.Json("""{ "status": "Failed", "error": { "code": "SwapFailed", "message": "Warm-up of the target slot failed." } }"""));
        self = server;

        AzureOperationFailedException ex = await Should.ThrowAsync<AzureOperationFailedException>(
            () => TestClients.AppService(TestClients.Options(server.BaseAddress)).SwapAsync(Site, "staging", "production", CancellationToken.None));

        ex.ErrorCode.ShouldBe("SwapFailed");
        ex.ErrorMessage.ShouldBe("Warm-up of the target slot failed.");
        ex.IsRetryable.ShouldBeFalse();
        server.Requests[1].Path.ShouldBe("/operations/swap-2");
    }

    [Fact]
    public async Task SwapAsync_LocationPollReturnsError_ThrowsOperationFailed()
    {
        LoopbackServer? self = null;
        await using LoopbackServer server = await LoopbackServer.StartAsync(request => request.Method == "POST"
            ? new StubResponse(202, Headers: new Dictionary<string, string> { ["Location"] = new Uri(self!.BaseAddress, "/operations/3").AbsoluteUri })
            : StubResponse.Json("""{ "error": { "code": "Conflict", "message": "Swap aborted." } }""", 400));
        self = server;

        AzureOperationFailedException ex = await Should.ThrowAsync<AzureOperationFailedException>(
            () => TestClients.AppService(TestClients.Options(server.BaseAddress)).SwapAsync(Site, "staging", "production", CancellationToken.None));

        ex.ErrorCode.ShouldBe("Conflict");
        ex.ErrorMessage.ShouldBe("Swap aborted.");
    }

    [Fact]
    public async Task GetRoutingAsync_GetSiteConfigExample_HasNoRules()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("web/GetSiteConfig.json")));

        IReadOnlyList<RoutingRule> rules = await TestClients.AppService(TestClients.Options(server.BaseAddress)).GetRoutingAsync(Site, CancellationToken.None);

        rules.ShouldBeEmpty();
        server.Requests.ShouldHaveSingleItem().Path.ShouldBe(Site + "/config/web");
    }

    [Fact]
    public async Task GetRoutingAsync_SiteConfigWithRampUpRules_MapsRules()
    {
        JsonNode body = JsonNode.Parse(Examples.Body("web/GetSiteConfig.json"))!;
        body["properties"]!["experiments"] = JsonNode.Parse("""
            { "rampUpRules": [ { "name": "staging", "actionHostName": "sitef6141-staging.azurewebsites.net", "reroutePercentage": 10,
              "changeStep": null, "changeIntervalInMinutes": null, "minReroutePercentage": null, "maxReroutePercentage": null, "changeDecisionCallbackUrl": null } ] }
            """);
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(body.ToJsonString()));

        IReadOnlyList<RoutingRule> rules = await TestClients.AppService(TestClients.Options(server.BaseAddress)).GetRoutingAsync(Site, CancellationToken.None);

        rules.ShouldBe([new RoutingRule("staging", "sitef6141-staging.azurewebsites.net", 10)]);
    }

    [Fact]
    public async Task SetRoutingAsync_Rules_PatchesExperimentsOnly()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("web/UpdateSiteConfig.json")));

        await TestClients.AppService(TestClients.Options(server.BaseAddress)).SetRoutingAsync(
            Site, [new RoutingRule("staging", "sitef6141-staging.azurewebsites.net", 25)], CancellationToken.None);

        RecordedRequest request = server.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("PATCH");
        request.Path.ShouldBe(Site + "/config/web");
        JsonNode expected = JsonNode.Parse("""
            { "properties": { "experiments": { "rampUpRules": [ { "actionHostName": "sitef6141-staging.azurewebsites.net", "reroutePercentage": 25,
              "changeStep": null, "changeIntervalInMinutes": null, "minReroutePercentage": null, "maxReroutePercentage": null,
              "changeDecisionCallbackUrl": null, "name": "staging" } ] } } }
            """)!;
        JsonNode.DeepEquals(JsonNode.Parse(request.Body), expected).ShouldBeTrue(request.Body);
    }

    [Fact]
    public async Task SetRoutingAsync_NoRules_SendsEmptyList()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("web/UpdateSiteConfig.json")));

        await TestClients.AppService(TestClients.Options(server.BaseAddress)).SetRoutingAsync(Site, [], CancellationToken.None);

        JsonNode.Parse(server.Requests.ShouldHaveSingleItem().Body)!["properties"]!["experiments"]!["rampUpRules"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task GetPlanAsync_GetAppServicePlanExample_MapsSkuAndLimits()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("plans/GetAppServicePlan.json")));

        PlanState plan = await TestClients.AppService(TestClients.Options(server.BaseAddress)).GetPlanAsync(Plan, CancellationToken.None);

        plan.ShouldBe(new PlanState(Plan, "East US", "P1", "Premium", 1, false, 20, "Succeeded") { NumberOfSites = 4 });
        server.Requests.ShouldHaveSingleItem().Path.ShouldBe(Plan);
    }

    [Fact]
    public async Task SetPlanCapacityAsync_Accepted_PutsFullBodyPollsAndRereads()
    {
        string getBody = Examples.Body("plans/GetAppServicePlan.json");
        JsonNode after = JsonNode.Parse(getBody)!;
        after["sku"]!["capacity"] = 3;
        bool written = false;
        LoopbackServer? self = null;
        await using LoopbackServer server = await LoopbackServer.StartAsync(request =>
        {
            switch (request.Method)
            {
                case "GET" when request.Path == Plan:
                    return StubResponse.Json(written ? after.ToJsonString() : getBody);
                case "PUT":
                    written = true;
                    Dictionary<string, string> headers = Examples.Headers("plans/CreateOrUpdateAppServicePlan.json", "202")
                        .ToDictionary(h => h.Key, h => new Uri(self!.BaseAddress, new Uri(h.Value).AbsolutePath).AbsoluteUri);
                    return new StubResponse(202, Examples.Body("plans/CreateOrUpdateAppServicePlan.json", "202"), headers);
                default:
                    return StubResponse.Json("""{ "status": "Succeeded" }""");
            }
        });
        self = server;

        PlanState plan = await TestClients.AppService(TestClients.Options(server.BaseAddress)).SetPlanCapacityAsync(Plan, 3, CancellationToken.None);

        plan.Capacity.ShouldBe(3);
        server.Requests.Select(r => r.Method).ShouldBe(["GET", "PUT", "GET", "GET"]);
        server.Requests[2].Path.ShouldContain("/operationresults/");
        JsonNode put = JsonNode.Parse(server.Requests[1].Body)!;
        JsonNode expected = JsonNode.Parse(getBody)!;
        expected["sku"]!["capacity"] = 3;
        JsonNode.DeepEquals(put, expected).ShouldBeTrue(put.ToJsonString());
    }

    [Fact]
    public async Task SetPlanCapacityAsync_AlreadyAtTarget_DoesNotWrite()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("plans/GetAppServicePlan.json")));

        PlanState plan = await TestClients.AppService(TestClients.Options(server.BaseAddress)).SetPlanCapacityAsync(Plan, 1, CancellationToken.None);

        plan.Capacity.ShouldBe(1);
        server.Requests.ShouldHaveSingleItem().Method.ShouldBe("GET");
    }

    [Fact]
    public async Task SetPlanCapacityAsync_PlanChangedSinceTheDecision_DoesNotWriteAndReturnsThePlanAsItIs()
    {
        // The example plan has 1 instance; the change to 3 was decided on 2.
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("plans/GetAppServicePlan.json")));

        PlanState plan = await TestClients.AppService(TestClients.Options(server.BaseAddress)).SetPlanCapacityAsync(Plan, 3, 2, CancellationToken.None);

        plan.Capacity.ShouldBe(1);
        server.Requests.ShouldHaveSingleItem().Method.ShouldBe("GET");
    }

    [Fact]
    public async Task SetPlanCapacityAsync_PlanHasTheCapacityDecidedOn_Writes()
    {
        // The example plan has 1 instance, the capacity the change to 2 was decided on.
        await using LoopbackServer server = await PlanOfOneWrittenToTwoAsync();

        PlanState plan = await TestClients.AppService(TestClients.Options(server.BaseAddress)).SetPlanCapacityAsync(Plan, 2, 1, CancellationToken.None);

        plan.Capacity.ShouldBe(2);
        server.Requests.Select(r => r.Method).ShouldBe(["GET", "PUT"]);
    }

    [Fact]
    public async Task SetPlanCapacityAsync_Ok_UsesTheReturnedBody()
    {
        await using LoopbackServer server = await PlanOfOneWrittenToTwoAsync();

        PlanState plan = await TestClients.AppService(TestClients.Options(server.BaseAddress)).SetPlanCapacityAsync(Plan, 2, CancellationToken.None);

        plan.Capacity.ShouldBe(2);
        server.Requests.Select(r => r.Method).ShouldBe(["GET", "PUT"]);
    }

    /// <summary>A plan of 1 instance (the GET example) whose PUT answers the plan at 2.</summary>
    private static Task<LoopbackServer> PlanOfOneWrittenToTwoAsync()
    {
        JsonNode after = JsonNode.Parse(Examples.Body("plans/CreateOrUpdateAppServicePlan.json"))!;
        after["sku"]!["capacity"] = 2;
        return LoopbackServer.StartAsync(request => request.Method == "PUT"
            ? StubResponse.Json(after.ToJsonString())
            : StubResponse.Json(Examples.Body("plans/GetAppServicePlan.json")));
    }
}
