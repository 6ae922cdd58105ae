using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Seamless.Api;
using Seamless.Core.Resources;
using Seamless.Core.Time;
using Seamless.Host.Cli;
using Seamless.Host.Demo;
using Seamless.Host.Serving;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Model;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;

using Seamless.TestSupport;

namespace Seamless.Workflows.Tests.Infrastructure;

/// <summary>
/// The whole self-hosted app on loopback: the real API, the embedded durable engine, the Azure
/// adapter (Azure.Core over HTTP) and the in-process simulator, with policies short enough for a
/// test and helpers that wait on outcomes (never on durations).
/// </summary>
internal sealed class SeamlessHarness : IAsyncDisposable
{
    /// <summary>Real-time ceiling of any wait (a hung workflow fails the test instead of hanging the run).</summary>
    private static readonly TimeSpan WaitLimit = VirtualTimeHolds.WaitLimit;

    private readonly string _data;

    private SeamlessHarness(SeamlessServer server, string key, string data)
    {
        Server = server;
        Key = key;
        _data = data;
        // The API's ceiling is the harness's one for any wait: a first dry run of six plans learns each plan's headroom
        // from two weeks the simulator computes minute by minute (about 13 s of CPU in a Debug build, unloaded), and under
        // the suite's parallel load it passed a 30 s ceiling once.
        Http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = WaitLimit };
        Client = new SeamlessApiClient(Http, key);
        Arm = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.Simulator!.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Arm.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
    }

    public SeamlessServer Server { get; }

    public string Key { get; }

    public HttpClient Http { get; }

    public HttpClient Arm { get; }

    public SeamlessApiClient Client { get; }

    public SimulatorState Sim => Server.Simulator!.State;

    /// <summary>The virtual clock the app and the simulator share: time moves only while both are quiet.</summary>
    public VirtualClock Clock => Server.VirtualClock!;

    public static string SiteName => DefaultFleet.SiteName;

    public static string SiteId => DefaultFleet.SiteId;

    public static string PlanId => DefaultFleet.PlanId;

    /// <summary>Starts the app with the demo's short policies (scale-in timer off unless asked) and extra overrides.</summary>
    public static async Task<SeamlessHarness> StartAsync(
        IReadOnlyDictionary<string, string?>? overrides = null,
        FleetSpec? fleet = null,
        DateTimeOffset? start = null)
    {
        string key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        string data = Path.Combine(Path.GetTempPath(), "seamless-wf-tests-" + Guid.NewGuid().ToString("N")[..12]);
        var config = DemoRunner.DemoConfiguration(key);
        config["Seamless:ScaleIn:Enabled"] = "false";

        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }

        var server = await SeamlessServer.StartAsync(new ServeSettings
        {
            Urls = "http://127.0.0.1:0",
            Simulate = true,
            VirtualTime = true,
            DataDirectory = data,
            Overrides = config,
            Fleet = fleet ?? DefaultFleet.Create(),
            SimulationStart = start,
        }, DebugLogLevel());
        return new SeamlessHarness(server, key, data);
    }

    /// <summary>SEAMLESS_TEST_LOG=FILE writes the app's logs (Information) to a file while investigating a failure.</summary>
    private static Microsoft.Extensions.Logging.LogLevel DebugLogLevel()
    {
        if (Environment.GetEnvironmentVariable("SEAMLESS_TEST_LOG") is { Length: > 0 } file)
        {
            Console.SetOut(new StreamWriter(file, append: true) { AutoFlush = true });
            return Microsoft.Extensions.Logging.LogLevel.Information;
        }

        return Microsoft.Extensions.Logging.LogLevel.Warning;
    }

    public string Version(string slot) => Sim.Snapshot().Site(SiteName).Slot(slot).Version;

    public SlotSnapshot Slot(string slot) => Sim.Snapshot().Site(SiteName).Slot(slot);

    public int Capacity => Sim.Snapshot().Plans[0].Capacity;

    /// <summary>Operations the simulator received for the default site (or plan), in order.</summary>
    public IReadOnlyList<SimOperation> Operations(string kind, DateTimeOffset? since = null) =>
        [.. Sim.Operations.Where(o => o.Kind == kind && (since is null || o.SimTime >= since))];

    /// <summary>The routing percentages Seamless set on the source slot, in order, from the operation log.</summary>
    public IReadOnlyList<double> RoutingPercentages(DateTimeOffset since) =>
        [.. Operations("setRouting", since).Where(o => o.Result == "Succeeded").Select(o => ParseRouting(o.Detail))];

    /// <summary>Starts an upgrade of the default site to its staging slot.</summary>
    public Task<(HttpStatusCode Status, string? Id, string Body)> StartUpgradeAsync(string version, string? deliveryId, string strategy = "canary", object? policy = null) =>
        Client.StartUpgradeAsync(UpgradeBody(version, strategy, policy), deliveryId, CancellationToken.None);

    public static object UpgradeBody(string version, string strategy = "canary", object? policy = null, string? site = null) =>
        policy is null
            ? new { site = site ?? SiteId, sourceSlot = "staging", targetSlot = "production", version, strategy }
            : new { site = site ?? SiteId, sourceSlot = "staging", targetSlot = "production", version, strategy, policy };

    public Task<UpgradeView> GetUpgradeAsync(string id) => Client.GetUpgradeAsync(id, CancellationToken.None);

    /// <summary>Polls the status until the upgrade has an outcome.</summary>
    public Task<UpgradeView> WaitForOutcomeAsync(string id) =>
        PollAsync(id, v => v.Outcome is not null && v.Status != "Running" && v.Status != "Pending", "an outcome");

    /// <summary>Waits until the upgrade is in a phase and holds simulated time there until the hold is disposed.</summary>
    public Task<IDisposable> HoldAtPhaseAsync(string id, string phase) => Server.HoldAtPhaseAsync(id, phase);

    /// <summary>Waits until <paramref name="reached"/> holds and holds simulated time from then until the hold is disposed.</summary>
    public Task<IDisposable> HoldWhenAsync(Func<CancellationToken, ValueTask<bool>> reached, string what) => Server.HoldWhenAsync(reached, what);

    /// <summary>Reads the decision journal of the default plan directly (for hold conditions).</summary>
    public async ValueTask<IReadOnlyList<JournalEntry>> JournalAsync(CancellationToken ct) =>
        await Server.Services.GetRequiredService<DecisionJournal>().ListAsync(AzureResourceId.Parse(PlanId), DecisionJournal.MaxLimit, ct);

    /// <summary>Reads the phase from the engine directly (a hold is checked between moves of the clock; an API call would be work).</summary>
    private static async ValueTask<bool> PhaseIsAsync(DurableTaskClient engine, string id, string phase, CancellationToken ct)
    {
        var metadata = await engine.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
        return metadata is not null && metadata.ReadCustomStatusAs<UpgradeStatus>()?.Phase == phase;
    }

    /// <summary>Waits until a simulated instant has passed (so its minute is complete in the traffic log).</summary>
    public async Task WaitUntilSimulatedAsync(DateTimeOffset instant)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        while (Sim.Now < instant)
        {
            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Polls a condition on the simulator or the app until it holds.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        while (!await condition())
        {
            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }
        }
    }

    public Task<(HttpStatusCode Status, string Body)> PostAsync(string route, object? body) => Client.PostAsync(route, body, CancellationToken.None);

    public Task<(HttpStatusCode Status, string Body)> GetAsync(string route) => Client.GetAsync(route, CancellationToken.None);

    /// <summary>Posts raw JSON (an alert) to the API.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(string route, string json)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        message.Headers.Add(ApiKeyAuthenticator.KeyHeader, Key);
        using var response = await Http.SendAsync(message);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Reads the decision journal of the default plan through the API.</summary>
    public async Task<IReadOnlyList<JournalView>> DecisionsAsync(int limit = 200)
    {
        var (status, body) = await GetAsync($"api/scale-in/decisions?plan={Uri.EscapeDataString(PlanId)}&limit={limit}");
        status.ShouldBe(HttpStatusCode.OK, body);
        using var doc = JsonDocument.Parse(body);
        return [.. doc.RootElement.GetProperty("decisions").EnumerateArray().Select(JournalView.From)];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Arm.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private async Task<UpgradeView> PollAsync(string id, Func<UpgradeView, bool> done, string what, bool failOnOutcome = false)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        UpgradeView? last = null;
        while (!cts.IsCancellationRequested)
        {
            last = await GetUpgradeAsync(id);
            if (done(last))
            {
                return last;
            }

            if (failOnOutcome && last.Outcome is not null)
            {
                throw new InvalidOperationException($"Upgrade {id} ended ({last.Outcome}: {last.Reason}) before reaching {what}; timeline: {Describe(last)}");
            }

            await Task.Delay(15, CancellationToken.None);
        }

        throw new TimeoutException($"Upgrade {id} did not reach {what}; last phase {last?.Phase}/{last?.Step}; timeline: {(last is null ? "-" : Describe(last))}");
    }

    public static string Describe(UpgradeView view) =>
        string.Join(" | ", view.Timeline.Select(t => $"{t.At:HH:mm:ss} {t.Phase}: {t.Message}"));

    private static double ParseRouting(string? detail)
    {
        // "staging=10%" or "routing cleared".
        if (detail is null || !detail.Contains('=', StringComparison.Ordinal))
        {
            return 0;
        }

        string value = detail.Split('=')[1].Split('%')[0];
        return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A journal entry as the API returns it.</summary>
internal sealed record JournalView(DateTimeOffset At, string Kind, string Summary, string InstanceId, string? DecidingRule, string? Action, int? ToCapacity)
{
    public static JournalView From(JsonElement e)
    {
        string? rule = null, action = null;
        int? to = null;
        if (e.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            rule = d.TryGetProperty("decidingRule", out var r) ? r.GetString() : null;
            action = d.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            to = d.TryGetProperty("toCapacity", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : null;
        }

        return new JournalView(
            e.GetProperty("at").GetDateTimeOffset(),
            e.GetProperty("kind").GetString()!,
            e.GetProperty("summary").GetString()!,
            e.GetProperty("instanceId").GetString()!,
            rule,
            action,
            to);
    }
}

/// <summary>Scale-in runs and alerts through the API.</summary>
internal static class ScaleInHarnessExtensions
{
    /// <summary>POST /api/scale-in/run for the default plan and waits until that evaluation finishes.</summary>
    public static async Task RunScaleInAsync(this SeamlessHarness h)
    {
        var (status, body) = await h.PostAsync("api/scale-in/run", new { plan = SeamlessHarness.PlanId });
        status.ShouldBe(HttpStatusCode.Accepted, body);
        using var doc = JsonDocument.Parse(body);
        var run = doc.RootElement.GetProperty("runs")[0];
        string instanceId = run.GetProperty("instanceId").GetString()!;
        var engine = (DurableTaskClient)h.Server.Services.GetService(typeof(DurableTaskClient))!;
        await SeamlessHarness.WaitForAsync(
            async () => await engine.GetInstanceAsync(instanceId) is { } done && !SingletonStart.IsActive(done.RuntimeStatus),
            "scale-in evaluation " + instanceId);
        if (!run.GetProperty("started").GetBoolean())
        {
            // An evaluation was still running; it has finished now, so start ours.
            await h.RunScaleInAsync();
        }
    }

    /// <summary>Builds a common-schema metric alert from the official example (alerts-common-schema.01).</summary>
    public static string MetricAlert(string alertId, string rule, string condition, string targetId, string metricName, string metricNamespace)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "alerts-common-schema.01-sample-alert-payload-metric-resolved.json")))!;
        var essentials = root["data"]!["essentials"]!;
        essentials["alertId"] = "/subscriptions/" + DefaultFleet.SubscriptionId + "/providers/Microsoft.AlertsManagement/alerts/" + alertId;
        essentials["alertRule"] = rule;
        essentials["alertRuleId"] = "/subscriptions/" + DefaultFleet.SubscriptionId + "/resourceGroups/" + DefaultFleet.ResourceGroup + "/providers/microsoft.insights/metricAlerts/" + rule;
        essentials["monitorCondition"] = condition;
        essentials["alertTargetIDs"] = new JsonArray(targetId);
        essentials["configurationItems"] = new JsonArray(targetId.Split('/')[^1]);
        if (condition == "Fired")
        {
            essentials.AsObject().Remove("resolvedDateTime");
        }

        var criterion = root["data"]!["alertContext"]!["condition"]!["allOf"]![0]!;
        criterion["metricName"] = metricName;
        criterion["metricNamespace"] = metricNamespace;
        criterion["threshold"] = "80";
        criterion["metricValue"] = condition == "Fired" ? 91.5 : 42.0;
        criterion["dimensions"] = new JsonArray();
        return root.ToJsonString();
    }
}
