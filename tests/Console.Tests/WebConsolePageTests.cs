using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Seamless.Simulator.Fleet;
using Seamless.TestSupport;
using Seamless.Workflows.Upgrade;
using static Microsoft.Playwright.Assertions;

namespace Seamless.Console.Tests;

/// <summary>
/// The web console (src/Api/WebConsole) in a real browser against a real self-hosted server on the simulator:
/// what an operator sees, with Playwright's auto-waiting expectations (no sleeps, generous timeouts).
/// </summary>
[Collection(ConsoleTestGroup.Name)]
public sealed class WebConsolePageTests(ConsoleFixture fixture)
{
    // Generous: the machine is shared (a hang guard; simulated time is held while the page is checked).
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToContainTextOptions SlowContains = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task Page_WithoutKey_PromptsForOneAndSaysSoWhenTheKeyIsRefused()
    {
        var page = await fixture.NewPageAsync();
        var apiCalls = new List<string>();
        page.Request += (_, r) =>
        {
            if (r.Url.Contains("/api/", StringComparison.Ordinal) && !r.Url.Contains("/api/console", StringComparison.Ordinal))
            {
                apiCalls.Add(r.Url);
            }
        };

        await page.GotoAsync("/");

        await Expect(page.Locator("#key-prompt")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#key-prompt")).ToContainTextAsync("x-functions-key");
        await Expect(page.Locator("#view")).ToBeEmptyAsync();
        apiCalls.ShouldBeEmpty();

        await page.Locator("#key-input").FillAsync("not-a-key-of-this-host-000000");
        await page.Locator("#key-form button[type=submit]").ClickAsync();

        await Expect(page.Locator("#key-message")).ToContainTextAsync("The key was refused (401): The API key is not valid.", SlowContains);
        await Expect(page.Locator("#key-prompt")).ToBeVisibleAsync();
        (await page.EvaluateAsync<string?>("() => sessionStorage.getItem('seamless.console.key')")).ShouldBeNull();
        await ConsoleFixture.ScreenshotAsync(page, "key-refused");

        await page.Locator("#key-input").FillAsync(ConsoleFixture.Key);
        await page.Locator("#key-form button[type=submit]").ClickAsync();

        await Expect(page.Locator(".plan .plan-name")).ToHaveTextAsync(DefaultFleet.PlanName, Slow);
        await Expect(page.Locator("#key-prompt")).ToBeHiddenAsync();
        apiCalls.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Fleet_WithKey_ShowsThePlanWithItsInstanceCountAndItsSite()
    {
        int instances = fixture.Server.Simulator!.State.Snapshot().Plans[0].Capacity;

        var page = await fixture.OpenWithKeyAsync(ConsoleFixture.Key);

        var plan = page.Locator($".plan[data-plan='{DefaultFleet.PlanName}']");
        await Expect(plan.Locator(".instances")).ToHaveTextAsync(new Regex($"^{instances}\\b"), Slow);
        await Expect(plan.Locator(".cpu-now")).ToContainTextAsync("%");
        await Expect(plan.Locator(".memory-now")).ToContainTextAsync("%");
        (await plan.Locator("svg.spark polyline").CountAsync()).ShouldBeGreaterThan(0, "CPU and memory over the last hours");
        await Expect(plan.Locator(".held")).ToContainTextAsync("lease(s)");
        var site = plan.Locator($"tr[data-site='{DefaultFleet.SiteName}']");
        var snapshot = fixture.Server.Simulator.State.Snapshot().Site(DefaultFleet.SiteName);
        string production = snapshot.Slot("production").Version;
        await Expect(site).ToContainTextAsync($"production: {production}, Running");
        await Expect(site).ToContainTextAsync($"staging: {snapshot.Slot("staging").Version}, Running");
        await Expect(site.Locator(".production-build")).ToHaveTextAsync(production);
        await ConsoleFixture.ScreenshotAsync(page, "fleet");
    }

    [Fact]
    public async Task FunctionsRoute_ApiConsole_ServesTheSamePageBehindTheSameKey()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.GotoAsync("/api/console");

        response.ShouldNotBeNull();
        response.Status.ShouldBe(200);
        (await response.HeaderValueAsync("content-security-policy")).ShouldNotBeNull().ShouldContain("script-src 'self'");
        await Expect(page.Locator("#key-prompt")).ToBeVisibleAsync(Visible);
        await page.Locator("#key-input").FillAsync(ConsoleFixture.Key);
        await page.Locator("#key-form button[type=submit]").ClickAsync();
        await Expect(page.Locator(".plan .plan-name")).ToHaveTextAsync(DefaultFleet.PlanName, Slow);
    }

    [Fact]
    public async Task ReleasePage_GoodCanaryBuild_GoesFromWarmUpToPromotedWithoutReloading()
    {
        // Simulated time is held in WarmingUp, then in Canary, for as long as the page needs to show each phase,
        // whatever the machine's load; released, the release runs to its end.
        var simulator = fixture.Server.Simulator!.State;
        simulator.Deploy(DefaultFleet.SiteName, DefaultFleet.StagingSlot, new BuildSpec { Version = "v2" });
        string id = await fixture.StartUpgradeAsync("v2", "canary", "console-good-" + Guid.NewGuid().ToString("N")[..8], null);
        IPage page;
        using (await fixture.Server.Server.HoldAtPhaseAsync(id, UpgradePhases.WarmingUp))
        {
            page = await fixture.OpenWithKeyAsync(ConsoleFixture.Key, "#/release/" + Uri.EscapeDataString(id));
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");
            await Expect(page.Locator("#release-phase")).ToHaveTextAsync("WarmingUp", Slow);
            await Expect(page.Locator("#release-status")).ToHaveTextAsync("Running");
            await Expect(page.Locator("#approve")).ToBeVisibleAsync();
            await ConsoleFixture.ScreenshotAsync(page, "release-warming-up");
        }

        using (await fixture.Server.Server.HoldAtPhaseAsync(id, UpgradePhases.Canary))
        {
            await Expect(page.Locator("#release-phase")).ToHaveTextAsync("Canary", Slow);
            await Expect(page.Locator("#release-weight")).ToContainTextAsync(new Regex(@"^(10|50)\.0 %"), SlowContains);
        }

        await Expect(page.Locator("#release-status")).ToHaveTextAsync("Promoted", Slow);

        (await page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the page updated itself, without a reload");
        var verdicts = page.Locator("table.verdicts tbody tr");
        await Expect(verdicts.Filter(new() { HasText = "warm-up" })).ToContainTextAsync("Pass");
        await Expect(verdicts.Filter(new() { HasText = "canary 50 %" }).Last).ToContainTextAsync("Pass");
        await Expect(page.Locator("#approve")).ToHaveCountAsync(0);

        // Charts with a labelled time axis and a vertical marker at each phase change of the timeline, each canary
        // step and the swap.
        var chart = page.Locator("svg.chart").First;
        await Expect(chart).ToBeVisibleAsync();
        (await chart.Locator("text.x-tick").CountAsync()).ShouldBeGreaterThan(1);
        (await chart.Locator("text.x-tick").First.TextContentAsync()).ShouldNotBeNull().ShouldMatch(@"^\d\d:\d\d$");
        (await chart.Locator("line.marker").CountAsync()).ShouldBeGreaterThan(1);
        await Expect(chart.Locator("text.marker-label").Filter(new() { HasTextRegex = new Regex("^Canary$") })).ToHaveCountAsync(1);
        await Expect(chart.Locator("text.marker-label").Filter(new() { HasTextRegex = new Regex("^swap$") })).ToHaveCountAsync(1);
        await Expect(chart.Locator("text.marker-label").Filter(new() { HasTextRegex = new Regex("^canary 10 %$") })).ToHaveCountAsync(1);
        await ConsoleFixture.ScreenshotAsync(page, "release-promoted");

        await page.GotoAsync("/#/releases?status=Promoted");
        await Expect(page.Locator("table.releases").GetByRole(AriaRole.Link, new() { Name = id })).ToBeVisibleAsync(Visible);
        await page.Locator("select[name=status]").SelectOptionAsync("RolledBack");
        await page.Locator(".filters button[type=submit]").ClickAsync();
        await Expect(page.Locator("table.releases").GetByRole(AriaRole.Link, new() { Name = id })).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await ConsoleFixture.ScreenshotAsync(page, "releases-filtered");
    }

    [Fact]
    public async Task ReleasePage_ApproveOutsideApproval_ShowsTheRefusalsAndAbortRestoresTheSite()
    {
        // A build that never warms, with a two-hour warm-up budget: the release stays in WarmingUp until aborted.
        fixture.Server.Simulator!.State.Deploy(DefaultFleet.SiteName, DefaultFleet.StagingSlot, new BuildSpec { Version = "v3-cold", FailsWarmup = true });
        string id = await fixture.StartUpgradeAsync("v3-cold", "swap", "console-abort-" + Guid.NewGuid().ToString("N")[..8], new { warmup = new { timeout = "02:00:00" } });
        string hash = "#/release/" + Uri.EscapeDataString(id);

        // The CI key may not approve at all.
        var ci = await fixture.OpenWithKeyAsync(ConsoleFixture.Key, hash);
        await Expect(ci.Locator("#release-phase")).ToHaveTextAsync("WarmingUp", Slow);
        await ci.Locator("#approve").ClickAsync();
        await Expect(ci.Locator("#action-message")).ToContainTextAsync("Approve refused (403): Approving a release needs an approver key", SlowContains);

        // An approver key may, but only while the release waits for approval.
        var approver = await fixture.OpenWithKeyAsync(ConsoleFixture.ApproverKey, hash);
        await Expect(approver.Locator("#release-phase")).ToHaveTextAsync("WarmingUp", Slow);
        await approver.Locator("#approve").ClickAsync();
        await Expect(approver.Locator("#action-message")).ToContainTextAsync("Approve refused (409):", SlowContains);
        await Expect(approver.Locator("#action-message")).ToContainTextAsync("is not waiting for approval (phase WarmingUp)");
        await ConsoleFixture.ScreenshotAsync(approver, "release-approve-refused");

        await approver.Locator("#abort").ClickAsync();

        await Expect(approver.Locator("#action-message")).ToHaveTextAsync("Abort sent: the site is being restored.", Slow);
        await Expect(approver.Locator("#release-status")).ToHaveTextAsync("Aborted", Slow);
        await Expect(approver.Locator("table.timeline")).ToContainTextAsync("aborted from the console", SlowContains);
        await Expect(approver.Locator("#abort")).ToHaveCountAsync(0);
        await ConsoleFixture.ScreenshotAsync(approver, "release-aborted");
        fixture.Server.Simulator.State.Snapshot().Site(DefaultFleet.SiteName).Slot("production").Version.ShouldNotBe("v3-cold");
    }

    [Fact]
    public async Task Decisions_AfterAScaleInEvaluation_ShowTheDecisionWithItsDecidingRuleAndReason()
    {
        using var run = await fixture.Http.PostAsJsonAsync("api/scale-in/run", new { plan = DefaultFleet.PlanId });
        ((int)run.StatusCode).ShouldBe(202, await run.Content.ReadAsStringAsync());
        var decision = await WaitForDecisionAsync();
        string rule = decision.GetProperty("decidingRule").GetString()!;
        string reason = decision.GetProperty("reason").GetString()!;

        var page = await fixture.OpenWithKeyAsync(ConsoleFixture.Key, "#/decisions");

        var row = page.Locator("table.decisions tr.decision").Filter(new() { HasText = reason });
        await Expect(row.First).ToBeVisibleAsync(Visible);
        await Expect(row.First).ToContainTextAsync(rule);
        await Expect(row.First.Locator("td.reason")).ToContainTextAsync(decision.GetProperty("message").GetString()!);
        await page.Locator("select[name=plan]").SelectOptionAsync(DefaultFleet.PlanId);
        await Expect(page).ToHaveURLAsync(new Regex("#/decisions\\?plan="));
        await Expect(page.Locator("table.decisions tr.decision").Filter(new() { HasText = reason }).First).ToBeVisibleAsync(Visible);
        await ConsoleFixture.ScreenshotAsync(page, "decisions");

        // The fleet view shows how the plan kept the promise on the history that decision's learning held.
        var account = decision.GetProperty("headroom").GetProperty("promise");
        var fleet = await fixture.OpenWithKeyAsync(ConsoleFixture.Key);
        var promise = fleet.Locator($".plan[data-plan='{DefaultFleet.PlanName}'] dd.promise");
        await Expect(promise.Locator(".badge")).ToHaveTextAsync(account.GetProperty("kept").GetBoolean() ? "kept" : "missed", Slow);
        await Expect(promise).ToContainTextAsync($"{account.GetProperty("overloadedMinutes").GetInt32()} of {account.GetProperty("minutes").GetInt32()} minutes overloaded (budget 0.1 %");
        // And the policy the plan is evaluated with (no entry of its own: the shared one).
        var policy = fleet.Locator($".plan[data-plan='{DefaultFleet.PlanName}'] dd.policy");
        await Expect(policy.Locator(".badge")).ToHaveTextAsync("shared");
        await Expect(policy).ToContainTextAsync("Learned headroom · budget 0.1 % of minutes · provisioning delay 3 min · 3–30 instances · holds the minimum its promise needs"); // the fixture's minimum is 3, and it asks Seamless to hold what its promise needs
    }

    /// <summary>The evaluation runs as an orchestration: wait (bounded) until its decision is in the journal.</summary>
    private async Task<JsonElement> WaitForDecisionAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            using var doc = JsonDocument.Parse(await fixture.Http.GetStringAsync(new Uri($"api/scale-in/decisions?plan={Uri.EscapeDataString(DefaultFleet.PlanId)}", UriKind.Relative), cts.Token));
            var entry = doc.RootElement.GetProperty("decisions").EnumerateArray().LastOrDefault(e => e.GetProperty("kind").GetString() == "decision");
            if (entry.ValueKind == JsonValueKind.Object)
            {
                return entry.GetProperty("detail").Clone();
            }

            await Task.Delay(200, cts.Token);
        }
    }
}
