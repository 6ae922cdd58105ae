using System.Net;
using System.Text.Json.Nodes;
using Seamless.Simulator.Fleet;
using static Seamless.Simulator.Tests.SimulatorTestHost;

namespace Seamless.Simulator.Tests.Fleet;

/// <summary>
/// Each slot shows the build it runs where real App Service does: the non-sticky SEAMLESS_BUILD_VERSION app setting
/// CI sets with each deployment, and <c>config/web</c> <c>linuxFxVersion</c>; both travel with the content on swap.
/// </summary>
public sealed class BuildIdentityTests
{
    [Theory]
    [InlineData("default site", "app-demo", "v1", "DOCKER|sim.azurecr.io/app-demo:v1")]
    [InlineData("mixed-case site name", "Shop-Web", "2024.06.1", "DOCKER|sim.azurecr.io/shop-web:2024.06.1")]
    public void LinuxFxVersion_SiteAndVersion_IsTheSimulatedRegistryImage(string name, string site, string version, string expected)
    {
        string image = BuildIdentity.LinuxFxVersion(site, version);

        image.ShouldBe(expected, name);
    }

    [Fact]
    public async Task ListAppSettings_DefaultFleet_RecordsEachSlotsVersion()
    {
        await using var sim = await StartAsync();

        string? production = await RecordedVersionAsync(sim, Site);
        string? staging = await RecordedVersionAsync(sim, Staging);

        production.ShouldBe("v1");
        staging.ShouldBe("v2");
    }

    [Fact]
    public async Task GetWebConfig_DefaultFleet_ShowsEachSlotsImageBesideTheOtherFields()
    {
        await using var sim = await StartAsync();

        var production = await sim.GetJsonAsync($"{Site}/config/web?{WebApi}");
        var staging = await sim.GetJsonAsync($"{Staging}/config/web?{WebApi}");
        var site = await sim.GetJsonAsync($"{Site}?{WebApi}");

        production["properties"]!["linuxFxVersion"]!.GetValue<string>().ShouldBe("DOCKER|sim.azurecr.io/app-demo:v1");
        staging["properties"]!["linuxFxVersion"]!.GetValue<string>().ShouldBe("DOCKER|sim.azurecr.io/app-demo:v2");
        site["properties"]!["siteConfig"]!["linuxFxVersion"]!.GetValue<string>().ShouldBe("DOCKER|sim.azurecr.io/app-demo:v1");
        var configExample = ExampleShapes.Response("web/GetSiteConfig.json");
        production["properties"].ShouldCarryFieldsOf(configExample["properties"], "config/web properties");
        production["properties"]!["healthCheckPath"]!.GetValue<string>().ShouldBe("/health");
        production["properties"]!["netFrameworkVersion"]!.GetValue<string>().ShouldBe("v8.0");
        production["properties"]!["experiments"]!["rampUpRules"]!.AsArray().ShouldBeEmpty();
        staging["properties"]!["healthCheckPath"]!.GetValue<string>().ShouldBe("/health");
    }

    [Fact]
    public async Task FleetBuild_ExplicitVersionSetting_WinsAndEmptyMeansNotRecorded()
    {
        var fleet = DefaultFleet.Create();
        var site = fleet.Subscriptions[0].ResourceGroups[0].Plans[0].Sites[0];
        site.Slots =
        [
            new SlotSpec { Name = "canary", Version = "v2", AppSettings = new Dictionary<string, string> { [BuildIdentity.VersionSettingName] = "v1" } },
            new SlotSpec { Name = "blue", Version = "v3", AppSettings = new Dictionary<string, string> { [BuildIdentity.VersionSettingName] = string.Empty } },
        ];
        await using var sim = await StartAsync(fleet: fleet);

        string? production = await RecordedVersionAsync(sim, Site);
        string? canary = await RecordedVersionAsync(sim, $"{Site}/slots/canary");
        string? blue = await RecordedVersionAsync(sim, $"{Site}/slots/blue");
        string canaryImage = await ImageAsync(sim, $"{Site}/slots/canary");

        production.ShouldBe("v1");
        canary.ShouldBe("v1", "the fleet file's own value wins over the running build's version");
        canaryImage.ShouldBe("DOCKER|sim.azurecr.io/app-demo:v2");
        blue.ShouldBeNull("an empty value means CI recorded nothing");
    }

    [Theory]
    [InlineData("recorded by default", null, "v3")]
    [InlineData("not recorded", "", null)]
    [InlineData("CI recorded another version", "v4", "v4")]
    public async Task DeployEndpoint_RecordedVersion_SetsTheSettingAsCiWould(string name, string? recordedVersion, string? expected)
    {
        await using var sim = await StartAsync();
        var body = new JsonObject { ["site"] = "app-demo", ["slot"] = "staging", ["version"] = "v3" };
        if (recordedVersion is not null)
        {
            body["recordedVersion"] = recordedVersion;
        }

        await sim.PostJsonAsync("_sim/deploy", body.ToJsonString());
        var settings = await sim.PostJsonAsync($"{Staging}/config/appsettings/list?{WebApi}", string.Empty);

        var properties = settings["properties"]!.AsObject();
        string? recorded = properties[BuildIdentity.VersionSettingName]?.GetValue<string>();
        recorded.ShouldBe(expected, name);
        properties.ContainsKey(BuildIdentity.VersionSettingName).ShouldBe(expected is not null, name);
        properties["FEATURE_X"]!.GetValue<string>().ShouldBe("on", "a deploy changes only the version setting");
        (await ImageAsync(sim, Staging)).ShouldBe("DOCKER|sim.azurecr.io/app-demo:v3", name);
        sim.Host.State.Snapshot().Site("app-demo").Slot("staging").Version.ShouldBe("v3", name);
        (await RecordedVersionAsync(sim, Site)).ShouldBe("v1", "production is untouched");
    }

    [Fact]
    public async Task Deploy_StateApiToProduction_RecordsTheVersionAndImage()
    {
        await using var sim = await StartAsync();

        sim.Host.State.Deploy("app-demo", "production", new BuildSpec { Version = "v5" });

        (await RecordedVersionAsync(sim, Site)).ShouldBe("v5");
        (await ImageAsync(sim, Site)).ShouldBe("DOCKER|sim.azurecr.io/app-demo:v5");
        (await RecordedVersionAsync(sim, Staging)).ShouldBe("v2");
        sim.Host.State.Operations.Single(o => o.Kind == "deploy").Detail.ShouldBe("version v5");
    }

    [Fact]
    public async Task Slotsswap_AfterDeploy_VersionSettingAndImageMoveWithTheContent()
    {
        // v3, not the staging slot's initial v2: only a deploy that records its version makes production show v3.
        await using var sim = await StartAsync();
        sim.Host.State.Deploy("app-demo", "staging", new BuildSpec { Version = "v3" });

        var status = await sim.SwapAsync(Staging, "production");

        status.ShouldBe(HttpStatusCode.OK);
        (await RecordedVersionAsync(sim, Site)).ShouldBe("v3");
        (await RecordedVersionAsync(sim, Staging)).ShouldBe("v1");
        (await ImageAsync(sim, Site)).ShouldBe("DOCKER|sim.azurecr.io/app-demo:v3");
        (await ImageAsync(sim, Staging)).ShouldBe("DOCKER|sim.azurecr.io/app-demo:v1");
        (await SettingAsync(sim, Site, "ASPNETCORE_ENVIRONMENT")).ShouldBe("Production", "sticky settings stay with the slot");
        (await SettingAsync(sim, Staging, "ASPNETCORE_ENVIRONMENT")).ShouldBe("Staging");
    }

    [Fact]
    public async Task SwapWithPreview_AfterDeploy_VersionSettingMovesWithTheContent()
    {
        await using var sim = await StartAsync();
        sim.Host.State.Deploy("app-demo", "staging", new BuildSpec { Version = "v3" });
        await sim.PostJsonAsync($"{Staging}/applySlotConfig?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");
        string? prepared = await RecordedVersionAsync(sim, Staging);

        var status = await sim.SwapAsync(Staging, "production");

        prepared.ShouldBe("v3", "applySlotConfig applies only the target's sticky settings");
        status.ShouldBe(HttpStatusCode.OK);
        (await RecordedVersionAsync(sim, Site)).ShouldBe("v3");
        (await RecordedVersionAsync(sim, Staging)).ShouldBe("v1");
        (await ImageAsync(sim, Site)).ShouldBe("DOCKER|sim.azurecr.io/app-demo:v3");
    }

    [Fact]
    public async Task ResetSlotConfig_AfterDeployDuringPreview_KeepsTheDeployedVersion()
    {
        await using var sim = await StartAsync();
        await sim.PostJsonAsync($"{Staging}/applySlotConfig?{WebApi}", """{ "targetSlot": "production", "preserveVnet": true }""");
        sim.Host.State.Deploy("app-demo", "staging", new BuildSpec { Version = "v4" });
        string? duringPreview = await RecordedVersionAsync(sim, Staging);

        await sim.PostJsonAsync($"{Staging}/resetSlotConfig?{WebApi}", string.Empty);

        duringPreview.ShouldBe("v4");
        (await RecordedVersionAsync(sim, Staging)).ShouldBe("v4", "the reset restores the slot's own settings, which the deploy updated");
        (await SettingAsync(sim, Staging, "ASPNETCORE_ENVIRONMENT")).ShouldBe("Staging");
        (await RecordedVersionAsync(sim, Site)).ShouldBe("v1");
    }

    [Fact]
    public async Task Slotsswap_VersionSettingMadeSticky_StaysWithTheSlotWhileTheImageMoves()
    {
        await using var sim = await StartAsync();
        using var names = await sim.SendAsync(HttpMethod.Put, $"{Site}/config/slotConfigNames?{WebApi}", $$"""{ "properties": { "appSettingNames": [ "ASPNETCORE_ENVIRONMENT", "{{BuildIdentity.VersionSettingName}}" ] } }""");
        sim.Host.State.Deploy("app-demo", "staging", new BuildSpec { Version = "v3" });

        var status = await sim.SwapAsync(Staging, "production");

        names.StatusCode.ShouldBe(HttpStatusCode.OK);
        status.ShouldBe(HttpStatusCode.OK);
        (await RecordedVersionAsync(sim, Site)).ShouldBe("v1", "a sticky setting stays with the slot");
        (await RecordedVersionAsync(sim, Staging)).ShouldBe("v3");
        (await ImageAsync(sim, Site)).ShouldBe("DOCKER|sim.azurecr.io/app-demo:v3", "the image is the content");
        (await ImageAsync(sim, Staging)).ShouldBe("DOCKER|sim.azurecr.io/app-demo:v1");
    }

    [Fact]
    public async Task PatchWebConfig_OtherImage_KeepsTheRunningBuildsImage()
    {
        await using var sim = await StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Patch, $"{Staging}/config/web?{WebApi}", """{ "properties": { "linuxFxVersion": "DOCKER|elsewhere.io/app:x", "healthCheckPath": "/ready" } }""");
        var web = await sim.GetJsonAsync($"{Staging}/config/web?{WebApi}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        web["properties"]!["linuxFxVersion"]!.GetValue<string>().ShouldBe("DOCKER|sim.azurecr.io/app-demo:v2");
        web["properties"]!["healthCheckPath"]!.GetValue<string>().ShouldBe("/ready");
    }

    private static Task<string?> RecordedVersionAsync(SimulatorTestHost sim, string slotId) =>
        SettingAsync(sim, slotId, BuildIdentity.VersionSettingName);

    private static async Task<string?> SettingAsync(SimulatorTestHost sim, string slotId, string name)
    {
        var settings = await sim.PostJsonAsync($"{slotId}/config/appsettings/list?{WebApi}", string.Empty);
        return settings["properties"]![name]?.GetValue<string>();
    }

    private static async Task<string> ImageAsync(SimulatorTestHost sim, string slotId)
    {
        var web = await sim.GetJsonAsync($"{slotId}/config/web?{WebApi}");
        return web["properties"]!["linuxFxVersion"]!.GetValue<string>();
    }
}
