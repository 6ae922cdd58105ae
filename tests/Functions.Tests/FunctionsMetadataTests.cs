using System.Text.Json;
using Seamless.Api;
using Seamless.Workflows;

namespace Seamless.Functions.Tests;

/// <summary>
/// The Functions app as published exposes what the embedded engine runs and what the API documents:
/// same orchestrator and activity names with Durable triggers, the timer on its schedule setting, and
/// every HTTP route with its auth level. Read from the generated functions.metadata, not from source.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly IReadOnlyList<PublishedFunction> Functions = PublishedFunctionsApp.Functions;

    public static TheoryData<string> Orchestrators => new(WorkflowCatalog.Create().GetOrchestrators().Select(o => o.Key.Name));

    public static TheoryData<string> Activities => new(WorkflowCatalog.Create().GetActivities().Select(a => a.Key.Name));

    public static TheoryData<string, string, string> Routes
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            using var openApi = JsonDocument.Parse(OpenApiDocument.Json);
            foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
            {
                foreach (var operation in path.Value.EnumerateObject())
                {
                    // An operation with an empty security list is anonymous; the rest need a function key.
                    bool anonymous = operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() == 0;
                    data.Add(path.Name["/api/".Length..], operation.Name, anonymous ? "Anonymous" : "Function");
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Orchestrators))]
    public void Orchestrator_RegisteredByTheEngine_IsAnOrchestrationTriggerOfTheSameName(string name)
    {
        var function = Functions.SingleOrDefault(f => f.Name == name);

        function.ShouldNotBeNull($"the engine registers orchestrator '{name}' but the Functions app has no function of that name");
        function.TriggerType.ShouldBe("orchestrationTrigger");
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void Activity_RegisteredByTheEngine_IsAnActivityTriggerOfTheSameName(string name)
    {
        var function = Functions.SingleOrDefault(f => f.Name == name);

        function.ShouldNotBeNull($"the engine registers activity '{name}' but the Functions app has no function of that name");
        function.TriggerType.ShouldBe("activityTrigger");
    }

    [Fact]
    public void DurableFunctions_AreExactlyTheEngineCatalog()
    {
        var registry = WorkflowCatalog.Create();
        var catalog = registry.GetOrchestrators().Select(o => o.Key.Name).Concat(registry.GetActivities().Select(a => a.Key.Name)).Order().ToList();

        var durable = Functions.Where(f => f.TriggerType is "orchestrationTrigger" or "activityTrigger").Select(f => f.Name).Order().ToList();

        durable.ShouldBe(catalog);
    }

    [Theory]
    [InlineData("ScaleInTimer", "SCALE_IN_SCHEDULE", "scaleInSchedule")]
    [InlineData("StatePurgeTimer", "STATE_PURGE_SCHEDULE", "statePurgeSchedule")]
    [InlineData("NotificationTimer", "NOTIFY_SCHEDULE", "notificationSchedule")]
    public void Timer_ReadsItsScheduleFromTheAppSettingThatLocalSettingsAndBicepWrite(string name, string setting, string bicepParam)
    {
        var timer = Functions.Single(f => f.Name == name);

        timer.TriggerType.ShouldBe("timerTrigger");
        timer.Property("schedule").ShouldBe($"%{setting}%");
        File.ReadAllText(Path.Combine(PublishedFunctionsApp.Root, "src", "Functions", "local.settings.sample.json")).ShouldContain($"\"{setting}\"");
        File.ReadAllText(Path.Combine(PublishedFunctionsApp.Root, "infra", "modules", "function-app.bicep")).ShouldContain($"{setting}: {bicepParam}");
    }

    [Fact]
    public void Timers_AreExactlyTheScaleInSweepTheStatePurgeAndTheNotificationDelivery()
    {
        var timers = Functions.Where(f => f.TriggerType == "timerTrigger").Select(f => f.Name).Order().ToList();

        timers.ShouldBe(["NotificationTimer", "ScaleInTimer", "StatePurgeTimer"]);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void ApiRoute_DocumentedInOpenApi_IsAnHttpTriggerWithItsAuthLevel(string route, string method, string authLevel)
    {
        var matches = Functions
            .Where(f => f.TriggerType == "httpTrigger" && f.Property("route") == route)
            .Where(f => f.Trigger.GetProperty("methods").EnumerateArray().Any(m => string.Equals(m.GetString(), method, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        var function = matches.ShouldHaveSingleItem($"{method.ToUpperInvariant()} /api/{route}");
        function.Property("authLevel").ShouldBe(authLevel);
    }

    [Fact]
    public void HttpTriggers_AllButHealthAndTheConsolePage_NeedAFunctionKey()
    {
        var anonymous = Functions.Where(f => f.TriggerType == "httpTrigger" && f.Property("authLevel") != "Function").Select(f => f.Property("route")).Order(StringComparer.Ordinal).ToList();

        // The console's page and files hold no data; the API calls they make carry the operator's key.
        anonymous.ShouldBe(["console", "console/{file}", "health"]);
    }

    [Fact]
    public void PublishedApp_HoldsTheWorkerAndTheHostConfiguration()
    {
        File.Exists(Path.Combine(PublishedFunctionsApp.Directory, "Seamless.Functions.dll")).ShouldBeTrue();
        File.Exists(Path.Combine(PublishedFunctionsApp.Directory, "host.json")).ShouldBeTrue();
        File.Exists(Path.Combine(PublishedFunctionsApp.Directory, "worker.config.json")).ShouldBeTrue();
    }
}
