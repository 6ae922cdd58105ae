using System.Net;
using System.Text.Json.Nodes;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Model;
using static Seamless.Simulator.Tests.SimulatorTestHost;

namespace Seamless.Simulator.Tests.Http;

/// <summary>ARM's config/web properties to the typed <see cref="WebConfigUpdate"/>, and the 400s of rules that cannot be set.</summary>
public sealed class WebConfigJsonTests
{
    private const string StagingHost = "app-demo-staging.azurewebsites.net";

    [Fact]
    public async Task TryParse_FullRuleHealthCheckAndOtherProperties_MapsTypedAndKeepsTheRestAsText()
    {
        await using var sim = await StartAsync();
        var properties = JsonNode.Parse($$"""
            { "alwaysOn": false, "linuxFxVersion": "DOCKER|x", "healthCheckPath": null, "x-custom": { "b": [1, 2.50] },
              "experiments": { "rampUpRules": [ { "actionHostName": "{{StagingHost}}", "reroutePercentage": 12.5, "changeStep": 5,
                "changeIntervalInMinutes": 10, "minReroutePercentage": 1, "maxReroutePercentage": 50,
                "changeDecisionCallbackUrl": "https://example.invalid/cb", "name": "staging" } ] } }
            """)!.AsObject();

        var (ok, update, error) = Parse(sim, properties, production: true, replace: false);

        ok.ShouldBeTrue(error);
        update!.RampUpRules.ShouldNotBeNull();
        update.RampUpRules.Single().ShouldBe(new RampUpRule("staging", StagingHost, 12.5)
        {
            ChangeStep = 5,
            ChangeIntervalInMinutes = 10,
            MinReroutePercentage = 1,
            MaxReroutePercentage = 50,
            ChangeDecisionCallbackUrl = "https://example.invalid/cb",
        });
        update.SetsHealthCheckPath.ShouldBeTrue();
        update.HealthCheckPath.ShouldBeNull();
        update.Echoed.ShouldBe(new KeyValuePair<string, string>[] { new("alwaysOn", "false"), new("x-custom", """{"b":[1,2.50]}""") });
    }

    [Theory]
    [InlineData("PATCH on production without rules leaves them", true, false, null)]
    [InlineData("PUT on production without rules clears them", true, true, 0)]
    [InlineData("PUT on a slot without rules leaves them (only production holds rules)", false, true, null)]
    public async Task TryParse_NoRules_LeavesOrClears(string name, bool production, bool replace, int? expectedRules)
    {
        await using var sim = await StartAsync();

        var (ok, update, _) = Parse(sim, new JsonObject { ["alwaysOn"] = true }, production, replace);

        ok.ShouldBeTrue(name);
        (update!.RampUpRules?.Count).ShouldBe(expectedRules, name);
        update.SetsHealthCheckPath.ShouldBeFalse(name);
    }

    [Theory]
    [InlineData("rule not an object", """{ "experiments": { "rampUpRules": [ 5 ] } }""", "experiments.rampUpRules must be an array of objects.")]
    [InlineData("percentage missing", """{ "experiments": { "rampUpRules": [ { "name": "staging" } ] } }""", "reroutePercentage must be a number between 0 and 100.")]
    [InlineData("percentage a string", """{ "experiments": { "rampUpRules": [ { "name": "staging", "reroutePercentage": "10" } ] } }""", "reroutePercentage must be a number between 0 and 100.")]
    [InlineData("name a number", """{ "experiments": { "rampUpRules": [ { "name": 5, "reroutePercentage": 10 } ] } }""", "Routing rule field 'name' must be a string.")]
    [InlineData("interval fractional", """{ "experiments": { "rampUpRules": [ { "name": "s", "reroutePercentage": 10, "changeIntervalInMinutes": 1.5 } ] } }""", "Routing rule 's' field 'changeIntervalInMinutes' must be a whole number.")]
    [InlineData("health check path a number", """{ "healthCheckPath": 5 }""", "healthCheckPath must be a string.")]
    public async Task TryParse_UntypableProperties_FailsWithMessage(string name, string json, string expected)
    {
        await using var sim = await StartAsync();

        var (ok, update, error) = Parse(sim, JsonNode.Parse(json)!.AsObject(), production: true, replace: false);

        ok.ShouldBeFalse(name);
        update.ShouldBeNull(name);
        error.ShouldBe(expected, name);
    }

    [Theory]
    [InlineData("not a slot", "", """{ "name": "qa", "actionHostName": "app-demo-qa.azurewebsites.net", "reroutePercentage": 10 }""", "Routing rule 'qa' does not name a deployment slot of 'app-demo' (actionHostName must be the slot host name).")]
    [InlineData("production", "", """{ "name": "production", "actionHostName": "app-demo.azurewebsites.net", "reroutePercentage": 10 }""", "Routing rule 'production' does not name a deployment slot of 'app-demo' (actionHostName must be the slot host name).")]
    [InlineData("over 100", "", """{ "name": "staging", "actionHostName": "app-demo-staging.azurewebsites.net", "reroutePercentage": 100.5 }""", "reroutePercentage must be a number between 0 and 100.")]
    [InlineData("negative", "", """{ "name": "staging", "reroutePercentage": -1 }""", "reroutePercentage must be a number between 0 and 100.")]
    [InlineData("sum over 100", "", """{ "name": "staging", "reroutePercentage": 60 }, { "name": "staging", "reroutePercentage": 41 }""", "The reroute percentages add up to more than 100.")]
    [InlineData("on a slot", "/slots/staging", """{ "name": "staging", "reroutePercentage": 10 }""", "Traffic routing rules can only be set on the production slot's config/web.")]
    [InlineData("not an object", "", "5", "experiments.rampUpRules must be an array of objects.")]
    public async Task PatchWebConfig_BadRules_Returns400WithMessageAndKeepsRouting(string name, string slotPath, string rules, string expected)
    {
        await using var sim = await StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Patch, $"{Site}{slotPath}/config/web?{WebApi}", $$"""{ "properties": { "experiments": { "rampUpRules": [ {{rules}} ] } } }""");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var web = await sim.GetJsonAsync($"{Site}/config/web?{WebApi}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, name);
        error["error"]!["code"]!.GetValue<string>().ShouldBe("BadRequest", name);
        error["error"]!["message"]!.GetValue<string>().ShouldBe(expected, name);
        web["properties"]!["experiments"]!["rampUpRules"]!.AsArray().ShouldBeEmpty(name);
        sim.Host.State.Operations.Single().Detail.ShouldBe(expected, name);
    }

    private static (bool Ok, WebConfigUpdate? Update, string? Error) Parse(SimulatorTestHost sim, JsonObject properties, bool production, bool replace) =>
        sim.Host.State.Locked(model =>
        {
            var site = model.FindSite(DefaultFleet.SubscriptionId, DefaultFleet.ResourceGroup, DefaultFleet.SiteName)!;
            var slot = production ? site.Production : site.FindSlot("staging")!;
            bool ok = Simulator.Http.WebConfigJson.TryParse(properties, slot, replace, out var update, out string? error);
            return (ok, update, error);
        });
}
