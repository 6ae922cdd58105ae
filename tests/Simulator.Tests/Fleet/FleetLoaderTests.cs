using System.Globalization;
using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Tests.Fleet;

public sealed class FleetLoaderTests
{
    [Fact]
    public async Task Parse_FileWithTrace_BuildsFleetWhoseDemandFollowsTheScaledTrace()
    {
        string dir = Directory.CreateTempSubdirectory("seamless-fleet").FullName;
        await File.WriteAllLinesAsync(Path.Combine(dir, "trace.csv"), ["minute,value", .. Enumerable.Range(0, 60).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m},{(m < 30 ? 100 : 300)}"))]);
        string json = """
            {
              // comments and trailing commas are allowed
              "subscriptions": [ { "id": "22222222-2222-2222-2222-222222222222",
                "resourceGroups": [ { "name": "rg-x", "location": "North Europe",
                  "plans": [ { "name": "plan-x", "capacity": 2, "zoneRedundant": true,
                    "sites": [ { "name": "app-x", "version": "a1",
                      "load": { "trace": "trace.csv", "scale": 2, "noise": 0 },
                      "slots": [ { "name": "canary", "version": "a2", "build": { "errorRate": 0.5 } } ] } ] } ] } ] } ],
            }
            """;
        string file = Path.Combine(dir, "fleet.json");
        await File.WriteAllTextAsync(file, json);
        var start = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

        // A standing base clock: the simulator reads the demand of the trace's first minute however long the test takes.
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { FleetFile = file, Start = start, BaseClock = new StandingClock(start) });

        var snapshot = sim.State.Snapshot();
        var plan = snapshot.Plan("plan-x");
        plan.Region.ShouldBe("northeurope");
        plan.ZoneRedundant.ShouldBeTrue();
        plan.Instances.Count.ShouldBe(2);
        var site = plan.Sites.Single();
        site.Slot("production").Version.ShouldBe("a1");
        site.Slot("canary").HostName.ShouldBe("app-x-canary.azurewebsites.net");
        site.RequestsPerMinute.ShouldBe(200);
        sim.State.SiteId("app-x", "canary").ShouldBe("/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-x/providers/Microsoft.Web/sites/app-x/slots/canary");
    }

    [Fact]
    public void ToJson_DefaultFleet_RoundTrips()
    {
        var json = FleetLoader.ToJson(DefaultFleet.Create());

        var parsed = FleetLoader.Parse(json);

        parsed.Subscriptions[0].ResourceGroups[0].Plans[0].Sites[0].Slots[0].Build.Version.ShouldBe("v2");
        parsed.Subscriptions[0].ResourceGroups[0].Plans[0].Sites[0].SlotSettingNames.ShouldBe(["ASPNETCORE_ENVIRONMENT"]);
    }

    [Theory]
    [InlineData("\"capcity\": 3", "$.subscriptions[0].resourceGroups[0].plans[0].capcity (line 1) is not a field of the format")]
    [InlineData("\"capacity\": \"three\"", "$.subscriptions[0].resourceGroups[0].plans[0].capacity (line 1) is not a field of the format, or its value is of the wrong kind.")]
    public void Parse_AFieldTheFormatLacksOrAWrongValue_IsRefusedNamingItsPath(string planField, string expected)
    {
        // Dropped without a word, a misspelled field would leave its default in the fleet.
        string json = "{ \"subscriptions\": [ { \"id\": \"22222222-2222-2222-2222-222222222222\", \"resourceGroups\": [ { \"name\": \"rg\", \"plans\": [ { \"name\": \"p\", " + planField + " } ] } ] } ] }";

        var ex = Should.Throw<InvalidDataException>(() => FleetLoader.Parse(json));

        ex.Message.ShouldStartWith(expected);
        ex.Message.ShouldNotContain("Seamless.");
    }

    [Fact]
    public void ParseArgs_AllOptions_AreRead()
    {
        // --fleet must name an existing file (start-up mistakes end in one line), so give it one.
        string fleet = Path.Combine(Path.GetTempPath(), "seamless-fleet-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(fleet, FleetLoader.ToJson(DefaultFleet.Create()));

        try
        {
            var options = Program.ParseArgs(["--urls", "http://127.0.0.1:5077", "--fleet", fleet, "--time-scale", "60", "--seed", "3"]);

            options.Urls.ShouldBe(["http://127.0.0.1:5077"]);
            options.FleetFile.ShouldBe(fleet);
            options.TimeScale.ShouldBe(60);
            options.Seed.ShouldBe(3);
        }
        finally
        {
            File.Delete(fleet);
        }
    }
}
