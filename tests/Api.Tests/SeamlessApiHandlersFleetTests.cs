using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api.Tests.Infrastructure;
using Seamless.Core.Resources;
using Seamless.Host.Serving;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;

namespace Seamless.Api.Tests;

/// <summary>
/// The read side operators and the console live in, over real HTTP on a simulated fleet: the release list with its
/// filters (<c>GET /api/upgrades</c>), the fleet state (<c>GET /api/plans</c>, <c>GET /api/plans/{name}</c>) and the
/// dry-run scale-in that answers with its decision and writes nothing.
/// </summary>
public sealed class SeamlessApiHandlersFleetTests : IAsyncLifetime
{
    private const string Key = "fleet-tests-key-0123456789abcdef";

    /// <summary>Approval required with a long timeout: the release waits in phase Approval until a signal ends it.</summary>
    private static readonly JsonObject WaitForApproval = new()
    {
        ["approval"] = new JsonObject { ["required"] = true, ["timeout"] = "01:00:00" },
    };

    private SelfHostedServer _server = null!;

    public async Task InitializeAsync() => _server = await SelfHostedServer.StartAsync(SelfHostedServer.KeyOnly(Key));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListUpgrades_ARunningAndAnAbortedRelease_NewestFirstWithFiltersAndLinks()
    {
        string first = await StartAsync("list-first");
        using (await _server.Server.HoldAtPhaseAsync(first, UpgradePhases.Approval))
        {
            (await SendAsync(HttpMethod.Post, $"/api/upgrades/{Uri.EscapeDataString(first)}/abort?reason=superseded")).Status.ShouldBe(202);
        }

        await WaitForEndAsync(first);
        string second = await StartAsync("list-second");
        using var waiting = await _server.Server.HoldAtPhaseAsync(second, UpgradePhases.Approval);

        var all = await ListAsync(string.Empty);
        var active = await ListAsync("?status=active");
        var aborted = await ListAsync("?status=aborted");
        var byName = await ListAsync("?site=" + DefaultFleet.SiteName);
        var byId = await ListAsync("?site=" + Uri.EscapeDataString(DefaultFleet.SiteId));
        var otherSite = await ListAsync("?site=app-other");
        var newest = await ListAsync("?limit=1");
        var plans = await GetJsonAsync("/api/plans");

        Ids(all).ShouldBe([second, first]);
        var running = all[0];
        running.GetProperty("status").GetString().ShouldBe("Running");
        running.GetProperty("phase").GetString().ShouldBe(UpgradePhases.Approval);
        running.GetProperty("version").GetString().ShouldBe("v2");
        running.GetProperty("site").GetString().ShouldBe(DefaultFleet.SiteId);
        Absent(running, "finishedAt").ShouldBeTrue();
        running.GetProperty("links").GetProperty("self").GetString().ShouldBe(ApiLinks.UpgradePath(second));
        running.GetProperty("links").GetProperty("approve").GetString().ShouldBe(ApiLinks.UpgradePath(second) + "/approve");
        var done = all[1];
        done.GetProperty("outcome").GetString().ShouldBe(nameof(UpgradeOutcome.Aborted));
        done.GetProperty("finishedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(done.GetProperty("startedAt").GetDateTimeOffset());
        Absent(done.GetProperty("links"), "approve").ShouldBeTrue();
        Absent(done.GetProperty("links"), "abort").ShouldBeTrue();
        Ids(active).ShouldBe([second]);
        Ids(aborted).ShouldBe([first]);
        Ids(byName).ShouldBe([second, first]);
        Ids(byId).ShouldBe([second, first]);
        Ids(otherSite).ShouldBeEmpty();
        Ids(newest).ShouldBe([second]);
        var site = plans.GetProperty("plans")[0].GetProperty("sites")[0];
        site.GetProperty("release").GetProperty("id").GetString().ShouldBe(second);
        site.GetProperty("lastRelease").GetProperty("id").GetString().ShouldBe(first);
        plans.GetProperty("plans")[0].GetProperty("leases").EnumerateArray().Select(l => l.GetProperty("holder").GetString()).ShouldBe([second]);
        plans.GetProperty("plans")[0].GetProperty("scaleInHeld").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [InlineData("status unknown", "?status=finished", "status")]
    [InlineData("limit zero", "?limit=0", "limit")]
    [InlineData("limit above the maximum", "?limit=201", "limit")]
    [InlineData("limit not a number", "?limit=ten", "limit")]
    [InlineData("site traversal", "?site=..%2F..%2Fetc", "site")]
    [InlineData("site a slot id", "?site=%2Fsubscriptions%2F11111111-1111-1111-1111-111111111111%2FresourceGroups%2Frg%2Fproviders%2FMicrosoft.Web%2Fsites%2Fapp%2Fslots%2Fstaging", "site")]
    [InlineData("site a plan id", "?site=%2Fsubscriptions%2F11111111-1111-1111-1111-111111111111%2FresourceGroups%2Frg%2Fproviders%2FMicrosoft.Web%2Fserverfarms%2Fplan", "site")]
    [InlineData("site name with a newline", "?site=app%0A", "site")]
    public async Task ListUpgrades_InvalidQuery_Returns400NamingTheField(string name, string query, string field)
    {
        var response = await SendAsync(HttpMethod.Get, "/api/upgrades" + query);

        response.ShouldBeInvalid(field);
        name.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task ListUpgrades_WithoutKey_401()
    {
        var response = await SendAsync(HttpMethod.Get, "/api/upgrades", key: null);

        response.ShouldBeProblem(401);
    }

    [Fact]
    public async Task GetPlans_SimulatedFleet_ShowsInstancesMetricsSlotsAndTheVeto()
    {
        using var still = _server.Server.HoldTime(); // the veto is read back before it expires
        var now = _server.Simulator!.State.Now;
        var veto = new ScaleInVeto(DefaultFleet.PlanId, now.AddHours(1), "alert cpu-high fired", "alert-1");
        await _server.Services.GetRequiredService<StateActivities>().SetVetoAsync(new VetoUpdate(DefaultFleet.PlanId, veto), CancellationToken.None);

        var list = await GetJsonAsync("/api/plans");
        var detail = await GetJsonAsync("/api/plans/" + DefaultFleet.PlanName + "?hours=1");

        list.GetProperty("count").GetInt32().ShouldBe(1);
        var plan = list.GetProperty("plans")[0];
        plan.GetProperty("name").GetString().ShouldBe(DefaultFleet.PlanName);
        plan.GetProperty("id").GetString().ShouldBe(DefaultFleet.PlanId);
        plan.GetProperty("instances").GetInt32().ShouldBe(3);
        plan.GetProperty("sku").GetString().ShouldBe("P1v3");
        plan.GetProperty("metrics").GetProperty("cpuPercentage").GetDouble().ShouldBeInRange(0.1, 100);
        plan.GetProperty("metrics").GetProperty("memoryPercentage").GetDouble().ShouldBeInRange(0.1, 100);
        Absent(plan, "history").ShouldBeTrue();
        plan.GetProperty("veto").GetProperty("reason").GetString().ShouldBe("alert cpu-high fired");
        plan.GetProperty("scaleInHeld").GetBoolean().ShouldBeTrue();
        Absent(plan, "lastDecision").ShouldBeTrue();
        plan.GetProperty("errors").GetArrayLength().ShouldBe(0);
        plan.GetProperty("links").GetProperty("self").GetString().ShouldBe("/api/plans/" + DefaultFleet.PlanName);
        var site = plan.GetProperty("sites").EnumerateArray().ShouldHaveSingleItem();
        site.GetProperty("name").GetString().ShouldBe(DefaultFleet.SiteName);
        site.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["production", "staging"]);
        site.GetProperty("slots")[0].GetProperty("routingPercentage").GetDouble().ShouldBe(100);
        site.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("build").GetString()).ShouldBe(["v1", "v2"], "the builds the slots record (SEAMLESS_BUILD_VERSION)");
        Absent(site, "release").ShouldBeTrue();
        var history = detail.GetProperty("history").EnumerateArray().ToList();
        history.Count.ShouldBeInRange(1, 60);
        history.ShouldAllBe(m => m.GetProperty("cpuPercentage").ValueKind == JsonValueKind.Number);
    }

    [Theory]
    [InlineData("/api/plans/plan-unknown", 404)]
    [InlineData("/api/plans/..%2Fsecrets", 404)]
    [InlineData("/api/plans/plan-demo?hours=25", 400)]
    [InlineData("/api/plans/plan-demo?hours=-1", 400)]
    public async Task GetPlan_UnknownNameOrBadHours_Problem(string path, int status)
    {
        var response = await SendAsync(HttpMethod.Get, path);

        if (status == 400)
        {
            response.ShouldBeInvalid("hours");
        }
        else
        {
            response.ShouldBeProblem(status);
        }
    }

    [Fact]
    public async Task RunScaleIn_DryRun_AnswersWithTheDecisionAndWritesNothing()
    {
        var store = _server.Services.GetRequiredService<IStateStore>();

        var response = await SendAsync(HttpMethod.Post, "/api/scale-in/run", json: "{\"dryRun\":true}");

        response.Status.ShouldBe(200, response.ToString());
        response.Json.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        var entry = response.Json.GetProperty("decisions").EnumerateArray().ShouldHaveSingleItem();
        entry.GetProperty("plan").GetString().ShouldBe(DefaultFleet.PlanId);
        var decision = entry.GetProperty("decision");
        decision.GetProperty("action").GetString().ShouldBeOneOf("Hold", "ScaleIn");
        decision.GetProperty("fromCapacity").GetInt32().ShouldBe(3);
        decision.GetProperty("decidingRule").GetString().ShouldNotBeNullOrWhiteSpace();
        decision.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        decision.GetProperty("ruleTrail").GetArrayLength().ShouldBeGreaterThan(0);
        (await Instances()).ShouldBeEmpty();
        _server.Simulator!.State.Operations.ShouldBeEmpty();
        (await store.ListAsync(StateKeys.JournalRoot, 10, CancellationToken.None)).ShouldBeEmpty();
        (await store.GetAsync(StateKeys.PlanCapacity(AzureResourceId.Parse(DefaultFleet.PlanId)), CancellationToken.None)).ShouldBeNull();
    }

    [Theory]
    [InlineData("{\"dryrun\":true}", "dryrun", "'dryrun' is not a field of this request; did you mean 'dryRun'?")]
    [InlineData("{\"dryRun\":true,\"plans\":\"all\"}", "plans", "'plans' is not a field of this request; did you mean 'plan'?")]
    [InlineData("{\"force\":true}", "force", "'force' is not a field of this request (its fields: plan, dryRun).")]
    public async Task RunScaleIn_AFieldTheRequestLacks_400NamingItAndNothingStarts(string body, string field, string message)
    {
        // "dryrun" (a lower-case r) once started a real run: the field was dropped and dryRun stayed false.
        var response = await SendAsync(HttpMethod.Post, "/api/scale-in/run", json: body);

        var problem = response.ShouldBeProblem(400);
        var error = problem.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("field").GetString().ShouldBe(field);
        error.GetProperty("message").GetString().ShouldBe(message);
        (await Instances()).ShouldBeEmpty();
        _server.Simulator!.State.Operations.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunScaleIn_DryRunOfAnUnmanagedPlan_403()
    {
        string plan = DefaultFleet.PlanId.Replace("plan-demo", "plan-other", StringComparison.Ordinal);

        var response = await SendAsync(HttpMethod.Post, "/api/scale-in/run", json: $"{{\"dryRun\":true,\"plan\":\"{plan}\"}}");

        response.ShouldBeProblem(403);
    }

    [Fact]
    public async Task GetPlan_NoEntryOfItsOwn_ShowsTheSharedPolicy()
    {
        var plan = await GetJsonAsync("/api/plans/" + DefaultFleet.PlanName + "?hours=0");

        plan.GetProperty("policy").GetRawText().ShouldBe(/*lang=json,strict*/ """{"own":false,"headroom":"Learned","overloadBudgetPercent":0.1,"provisioningDelayMinutes":3,"min":2,"max":30,"holdMinimumToKeepBudget":true}""");
    }

    [Fact]
    public async Task GetPlan_AnEntryOfItsOwn_ShowsItsPolicyReadOverTheSharedOne()
    {
        var settings = new Dictionary<string, string?>(SelfHostedServer.KeyOnly(Key))
        {
            ["Seamless:ScaleIn:Policy:Max"] = "12",
            ["Seamless:ScaleIn:Plans:0:Plan"] = DefaultFleet.PlanId,
            ["Seamless:ScaleIn:Plans:0:Policy:OverloadBudgetPercent"] = "0.05",
            ["Seamless:ScaleIn:Plans:0:Policy:ProvisioningDelay"] = "00:06:00",
            ["Seamless:ScaleIn:Plans:0:Policy:HoldMinimumToKeepBudget"] = "true",
        };
        await using var own = await SelfHostedServer.StartAsync(settings);

        var response = await ApiServer.SendAsync(own.Http, HttpMethod.Get, "/api/plans", null, null, Key);

        response.Status.ShouldBe(200, response.ToString());
        response.Json.GetProperty("plans")[0].GetProperty("policy").GetRawText()
            .ShouldBe(/*lang=json,strict*/ """{"own":true,"headroom":"Learned","overloadBudgetPercent":0.05,"provisioningDelayMinutes":6,"min":2,"max":12,"holdMinimumToKeepBudget":true}""");
    }

    [Fact]
    public async Task GetPlans_AfterAScaleInRun_ShowsItsDecisionRuleAndNextEligibleTime()
    {
        var started = await SendAsync(HttpMethod.Post, "/api/scale-in/run", json: "{}");
        started.Status.ShouldBe(202, started.ToString());
        var journal = _server.Services.GetRequiredService<DecisionJournal>();
        var plan = AzureResourceId.Parse(DefaultFleet.PlanId);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        JournalEntry? decisionEntry = null;
        while (decisionEntry is null)
        {
            await Task.Delay(100, cts.Token);
            decisionEntry = (await journal.ListAsync(plan, 100, cts.Token)).LastOrDefault(e => e.Kind == "decision");
        }

        var fleetView = await GetJsonAsync("/api/plans/" + DefaultFleet.PlanName + "?hours=0");
        var view = fleetView.GetProperty("lastDecision");
        var promise = fleetView.GetProperty("promise");

        var detail = (JsonElement)decisionEntry.Detail!;
        view.GetProperty("at").GetDateTimeOffset().ShouldBe(decisionEntry.At);
        view.GetProperty("decidingRule").GetString().ShouldBe(detail.GetProperty("decidingRule").GetString());
        view.GetProperty("reason").GetString().ShouldBe(detail.GetProperty("reason").GetString());
        view.GetProperty("nextEligibleAt").GetDateTimeOffset().ShouldBe(detail.GetProperty("nextEligibleAt").GetDateTimeOffset());
        var account = detail.GetProperty("headroom").GetProperty("promise");
        promise.GetProperty("decidedAt").GetDateTimeOffset().ShouldBe(decisionEntry.At);
        promise.GetProperty("budgetPercent").GetDouble().ShouldBe(0.1, "the default promise");
        promise.GetProperty("minutes").GetInt32().ShouldBeGreaterThan(0, "the simulated plan's metrics reach back");
        foreach (var name in new[] { "kept", "minutes", "overloadedMinutes", "lastDayMinutes", "lastDayOverloadedMinutes", "summary" })
        {
            promise.GetProperty(name).GetRawText().ShouldBe(account.GetProperty(name).GetRawText(), name);
        }

        promise.GetProperty("summary").GetString()!.ShouldStartWith("promise ");
        detail.GetProperty("headroom").GetProperty("summary").GetString()!.ShouldEndWith("; " + promise.GetProperty("summary").GetString()!, Case.Sensitive, "the journal's account of the headroom states it");
    }

    /// <summary>True when a property is absent or null (the API leaves out what is not known).</summary>
    private static bool Absent(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Ids(IReadOnlyList<JsonElement> items) => [.. items.Select(i => i.GetProperty("id").GetString()!)];

    private async Task<IReadOnlyList<string>> Instances()
    {
        var client = _server.Services.GetRequiredService<DurableTaskClient>();
        var ids = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync())
        {
            ids.Add(instance.InstanceId);
        }

        return ids;
    }

    private async Task<IReadOnlyList<JsonElement>> ListAsync(string query)
    {
        var json = await GetJsonAsync("/api/upgrades" + query);
        var items = json.GetProperty("upgrades").EnumerateArray().ToList();
        json.GetProperty("count").GetInt32().ShouldBe(items.Count);
        return items;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await SendAsync(HttpMethod.Get, path);
        response.Status.ShouldBe(200, response.ToString());
        return response.Json;
    }

    private async Task<string> StartAsync(string delivery)
    {
        var body = Payloads.Upgrade();
        body["policy"] = WaitForApproval.DeepClone();
        var response = await SendAsync(HttpMethod.Post, "/api/upgrades", json: body.ToJsonString(), headers: new Dictionary<string, string> { ["Idempotency-Key"] = delivery });
        response.Status.ShouldBe(202, response.ToString());
        return response.Json.GetProperty("id").GetString()!;
    }

    private async Task WaitForEndAsync(string id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while ((await GetJsonAsync("/api/upgrades/" + Uri.EscapeDataString(id))).GetProperty("status").GetString() is "Pending" or "Running")
        {
            await Task.Delay(100, cts.Token);
        }
    }

    private Task<ApiResponse> SendAsync(HttpMethod method, string path, string? key = Key, string? json = null, IReadOnlyDictionary<string, string>? headers = null) =>
        ApiServer.SendAsync(_server.Http, method, path, json is null ? null : Encoding.UTF8.GetBytes(json), "application/json", key, headers: headers);
}
