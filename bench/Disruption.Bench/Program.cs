using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Seamless.Bench;
using Seamless.Host.Demo;
using Seamless.Host.Serving;
using Seamless.Simulator;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Model;

namespace Seamless.Disruption.Bench;

/// <summary>
/// Disruption benchmark: what production users see during an upgrade driven by Seamless (swap and
/// canary strategies) versus a plain swap under the platform's default warm-up rule (any HTTP status
/// counts as warm). Same fleet, same load, same simulator seed and start; a fresh build is deployed
/// to staging (cold) at t0 in every scenario. Usage: <c>dotnet run -c Release --project bench/Disruption.Bench [-- --time-scale 120]</c>
/// (<c>--help</c> for the options; a malformed or out-of-range value is one line on stderr and exit 2).
/// </summary>
public static class Program
{
    private const string Key = "disruption-bench-key-0123456789";
    private static readonly TimeSpan BaselineWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(5);

    public static Task<int> Main(string[] args)
    {
        var scale = BenchCli.NumberOption<double>("--time-scale", "Simulated seconds per real second, from 1 (real time) to 100000.", 120, s => s is >= 1 and <= 100_000, "a number from 1 (real time) to 100000");
        var command = new RootCommand("Disruption benchmark: what production users see during an upgrade by Seamless (swap, canary) versus a plain swap (exit 1 when the target is missed).") { scale };
        command.SetAction(parse => CompareAsync(parse.GetValue(scale)));
        return BenchCli.RunAsync(command, args);
    }

    private static async Task<int> CompareAsync(double scale)
    {
        // SeamlessServer's in-process simulator runs with the default seed; the plain swap uses the same one.
        int seed = new SimulatorOptions().Seed;
        var start = new DateTimeOffset(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Disruption bench: default fleet (3 × P1v3, steady 1200 req/min), seed {seed}, {scale}× time, start {start:u}; fresh v2 deployed cold to staging at t0."));

        var rows = new List<Row>
        {
            await PlainSwapAsync(scale, seed, start),
            await SeamlessAsync("swap", scale, start),
            await SeamlessAsync("canary", scale, start),
        };

        Console.WriteLine();
        Console.WriteLine("| scenario | outcome | window (sim min) | requests | failed | p99 before (ms) | p99 during (ms) | ratio |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Outcome} | {r.WindowMinutes:0} | {r.Requests:0} | {r.Failed:0} | {r.BaselineP99:0} | {r.DuringP99:0} | {r.DuringP99 / r.BaselineP99:0.00}× |"));
        }

        bool ok = rows.Where(r => r.Name.StartsWith("Seamless", StringComparison.Ordinal)).All(r => r.Failed < 0.5 && r.DuringP99 <= 1.1 * r.BaselineP99 && r.Outcome == "Promoted");
        Console.WriteLine(ok ? "Target met: Seamless upgrades with 0 failed requests and p99 within 1.1× of baseline." : "Target NOT met.");
        return ok ? 0 : 1;
    }

    private static async Task<Row> PlainSwapAsync(double scale, int seed, DateTimeOffset start)
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { TimeScale = scale, Seed = seed, Fleet = DefaultFleet.Create(), Start = start });
        var t0 = await WaitBaselineAsync(sim.State);
        sim.State.Deploy(DefaultFleet.SiteName, DefaultFleet.StagingSlot, new BuildSpec { Version = "v2" });

        // What a pipeline does without Seamless: deploy, then swap at once (no WEBSITE_SWAP_WARMUP_PING_STATUSES).
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "simulator");
        using var response = await http.PostAsJsonAsync(
            new Uri($"{DefaultFleet.SiteId.TrimStart('/')}/slots/{DefaultFleet.StagingSlot}/slotsswap?api-version=2024-04-01", UriKind.Relative),
            new { targetSlot = "production", preserveVnet = true });
        response.EnsureSuccessStatusCode();
        while (sim.State.Snapshot().Site(DefaultFleet.SiteName).Slot("production").Version != "v2")
        {
            await Task.Delay(50);
        }

        return await MeasureAsync("plain swap (platform default warm-up)", "Swapped", sim.State, t0);
    }

    private static async Task<Row> SeamlessAsync(string strategy, double scale, DateTimeOffset start)
    {
        string data = Path.Combine(Path.GetTempPath(), "seamless-disruption-" + Guid.NewGuid().ToString("N")[..8]);
        await using var server = await SeamlessServer.StartAsync(new ServeSettings
        {
            Urls = "http://127.0.0.1:0",
            Simulate = true,
            TimeScale = scale,
            DataDirectory = data,
            Fleet = DefaultFleet.Create(),
            SimulationStart = start,
            Overrides = DemoRunner.DemoConfiguration(Key),
        });
        var sim = server.Simulator!;
        var t0 = await WaitBaselineAsync(sim.State);
        sim.State.Deploy(DefaultFleet.SiteName, DefaultFleet.StagingSlot, new BuildSpec { Version = "v2" });

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("x-functions-key", Key);
        using var response = await http.PostAsJsonAsync(
            new Uri("api/upgrades", UriKind.Relative),
            new { site = DefaultFleet.SiteId, sourceSlot = "staging", targetSlot = "production", version = "v2", strategy });
        response.EnsureSuccessStatusCode();
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        var statusUri = new Uri(started.GetProperty("statusUri").GetString()!, UriKind.RelativeOrAbsolute);
        string outcome;
        while (true)
        {
            var view = await http.GetFromJsonAsync<JsonElement>(statusUri);
            if (view.GetProperty("status").GetString() is "Completed" or "Failed" or "Terminated")
            {
                outcome = view.TryGetProperty("outcome", out var o) ? o.GetString() ?? "?" : "?";
                break;
            }

            await Task.Delay(100);
        }

        var row = await MeasureAsync($"Seamless, {strategy} strategy", outcome, sim.State, t0);
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }

        return row;
    }

    /// <summary>Lets the fleet run 10 simulated minutes so the baseline is measured live; returns t0 (a minute boundary).</summary>
    private static async Task<DateTimeOffset> WaitBaselineAsync(SimulatorState state)
    {
        var t0 = Minute(state.Start + BaselineWindow) + TimeSpan.FromMinutes(1);
        while (state.Now < t0)
        {
            await Task.Delay(20);
        }

        return t0;
    }

    /// <summary>Everything production served from t0 until the end plus a settle period, against the 10 minutes before t0.</summary>
    private static async Task<Row> MeasureAsync(string name, string outcome, SimulatorState state, DateTimeOffset t0)
    {
        var end = Minute(state.Now) + Settle + TimeSpan.FromMinutes(1);
        while (state.Now < end + TimeSpan.FromMinutes(1))
        {
            await Task.Delay(20);
        }

        var before = state.Traffic(DefaultFleet.SiteName, "production", t0 - BaselineWindow, t0);
        var during = state.Traffic(DefaultFleet.SiteName, "production", t0, end);
        return new Row(
            name,
            outcome,
            (end - t0).TotalMinutes,
            during.Sum(m => m.Requests),
            during.Sum(m => m.Failed),
            before.Where(m => m.Requests > 0).Max(m => m.P99LatencyMs),
            during.Where(m => m.Requests > 0).Max(m => m.P99LatencyMs));
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Offset);

    private sealed record Row(string Name, string Outcome, double WindowMinutes, double Requests, double Failed, double BaselineP99, double DuringP99);
}
