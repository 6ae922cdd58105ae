using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api;
using Seamless.Host.Cli;
using Seamless.Host.Serving;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;
using Spectre.Console;

namespace Seamless.Host.Demo;

/// <summary>
/// <c>seamless demo</c>: the main job on embedded defaults. A simulated fleet under load, the
/// embedded engine, the real API over HTTP: a canary upgrade of a good build, a bad build stopped
/// at canary and rolled back, then scale-in following falling load one verified step at a time.
/// </summary>
public sealed class DemoRunner(IAnsiConsole console)
{
    /// <summary>Simulated seconds per real second in the demo.</summary>
    public const double DefaultTimeScale = 120;

    /// <summary>Runs the demo; returns the process exit code (0 when every act ends as expected).</summary>
    public async Task<int> RunAsync(double timeScale, string? dataDirectory, CancellationToken cancellationToken)
    {
        string key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        string data = dataDirectory ?? Path.Combine(Path.GetTempPath(), "seamless-demo-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new ServeSettings
        {
            Urls = "http://127.0.0.1:0",
            Simulate = true,
            TimeScale = timeScale,
            DataDirectory = data,
            Overrides = DemoConfiguration(key),
            Fleet = DemoFleet(),
            SimulationStart = DemoStart(),
        };

        console.MarkupLine("[bold]Seamless demo[/] — simulated App Service fleet, embedded durable engine, real HTTP API");
        await using var server = await SeamlessServer.StartAsync(settings, cancellationToken: cancellationToken);
        var sim = server.Simulator!;
        var snapshot = sim.State.Snapshot();
        var plan = snapshot.Plans[0];
        var site = plan.Sites[0];
        console.MarkupLine($"API {server.BaseAddress} · simulator {sim.BaseAddress}");
        console.MarkupLine(Markup.Escape(ClockLine(timeScale, sim.State.Now)));
        console.MarkupLine($"Plan [blue]{plan.Name}[/] ({plan.SkuName}, {plan.Capacity} instances), site [blue]{site.Name}[/]: production {Version(site, "production")}, staging {Version(site, "staging")}, {site.RequestsPerMinute:0} req/min");

        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var client = new SeamlessApiClient(http, key);
        var poll = TimeSpan.FromMilliseconds(250);
        var started = sim.State.Now;

        // Act 1: a good build through canary, swap and guard window.
        console.WriteLine();
        console.MarkupLine($"[bold]1. Canary upgrade of {Version(site, "staging")}[/]");
        var good = await UpgradeAsync(client, site.Id, Version(site, "staging"), poll, cancellationToken);

        // Act 2: a build that fails under load never reaches 100 %.
        console.WriteLine();
        console.MarkupLine("[bold]2. A bad build (errors under load) deployed to staging[/]");
        sim.State.Deploy(site.Name, "staging", new BuildSpec { Version = "v3-bad", ErrorRate = 0.02, ErrorRateUnderLoad = 0.25, LoadThreshold = 0.05 });
        var bad = await UpgradeAsync(client, site.Id, "v3-bad", poll, cancellationToken);
        var upgradesEnded = sim.State.Now;

        // Act 3: load falls; scale-in follows it one verified step at a time.
        console.WriteLine();
        console.MarkupLine("[bold]3. Evening: load falls, scale-in follows one verified step at a time[/]");
        var journal = server.Services.GetRequiredService<DecisionJournal>();
        int capacity = await FollowScaleInAsync(sim, journal, plan.Id, cancellationToken);

        // Summary.
        var users = UserTraffic.From(sim.State.Traffic(site.Name, "production", started, upgradesEnded), sim.State.Traffic(site.Name, "staging", started, upgradesEnded));
        console.WriteLine();
        var table = new Table().AddColumns("act", "result");
        table.AddRow("canary upgrade of a good build", Markup.Escape($"{good.Outcome}: {good.Reason}"));
        table.AddRow("bad build", Markup.Escape($"{bad.Outcome}: {bad.Reason}"));
        table.AddRow("all users during both upgrades", Markup.Escape(users.ToString()));
        table.AddRow("scale-in", Markup.Escape($"{plan.Capacity} → {capacity} instances"));
        table.AddRow("production now", Markup.Escape(Version(sim.State.Snapshot().Site(site.Name), "production")));
        console.Write(table);

        bool ok = good.Outcome == nameof(UpgradeOutcome.Promoted)
            && bad.Outcome is nameof(UpgradeOutcome.RolledBack) or nameof(UpgradeOutcome.Rejected)
            && capacity < plan.Capacity;
        console.MarkupLine(ok ? "[green]Demo finished: every act ended as expected.[/]" : "[red]Demo finished, but an act did not end as expected.[/]");
        return ok ? 0 : 1;
    }

    /// <summary>The demo's configuration: its API key and policies sized for a short run.</summary>
    public static Dictionary<string, string?> DemoConfiguration(string key) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Seamless:Api:Keys:0"] = key,
        ["Seamless:Upgrade:Warmup:ProbeInterval"] = "00:00:10",
        ["Seamless:Upgrade:Canary:Steps:0"] = "10",
        ["Seamless:Upgrade:Canary:Steps:1"] = "50",
        ["Seamless:Upgrade:Canary:StepInterval"] = "00:04:00",
        ["Seamless:Upgrade:GuardWindow"] = "00:06:00",
        ["Seamless:Upgrade:GuardInterval"] = "00:02:00",
        ["SCALE_IN_SCHEDULE"] = "0 */2 * * * *", // every two simulated minutes
        ["Seamless:ScaleIn:Policy:Min"] = "1",
        ["Seamless:ScaleIn:Policy:Window"] = "00:05:00",
        ["Seamless:ScaleIn:Policy:Cooldown"] = "00:06:00",
        ["Seamless:ScaleIn:Policy:RateLimitPeriod"] = "00:06:00",
        ["Seamless:ScaleIn:Policy:VerifyWindow"] = "00:03:00",
    };

    /// <summary>The default fleet with a diurnal load that peaks at 13:00 UTC, the same every day (so history agrees).</summary>
    public static FleetSpec DemoFleet()
    {
        var fleet = DefaultFleet.Create();
        var site = fleet.Subscriptions[0].ResourceGroups[0].Plans[0].Sites[0];
        site.Load = new LoadSpec { RequestsPerMinute = 1000, Profile = LoadSpec.Diurnal, Amplitude = 0.8, PeakHourUtc = 13, Noise = 0.02 };
        return fleet;
    }

    /// <summary>The demo starts at 18:30 UTC (simulated): past the peak, load falling into the evening.</summary>
    public static DateTimeOffset DemoStart()
    {
        var today = DateTimeOffset.UtcNow;
        return new DateTimeOffset(today.Year, today.Month, today.Day, 18, 30, 0, TimeSpan.Zero);
    }

    private async Task<UpgradeView> UpgradeAsync(SeamlessApiClient client, string siteId, string version, TimeSpan poll, CancellationToken ct)
    {
        var (status, id, body) = await client.StartUpgradeAsync(
            new { site = siteId, sourceSlot = "staging", targetSlot = "production", version, strategy = "canary" },
            "demo-" + version,
            ct);
        if (id is null)
        {
            throw new InvalidOperationException($"The API refused the upgrade ({(int)status}): {SeamlessApiClient.Detail(body)}");
        }

        console.MarkupLine($"  [grey]POST /api/upgrades → {(int)status} {Markup.Escape(id)}[/]");
        return await UpgradeFollower.FollowAsync(client, id, console, poll, ct);
    }

    private async Task<int> FollowScaleInAsync(Simulator.SimulatorHost sim, DecisionJournal journal, string planId, CancellationToken ct)
    {
        var plan = Core.Resources.AzureResourceId.Parse(planId);
        int seen = (await journal.ListAsync(plan, DecisionJournal.MaxLimit, ct)).Count;
        var narrator = new DecisionNarrator();
        var deadline = sim.State.Now + TimeSpan.FromMinutes(150);
        int start = sim.State.Snapshot().Plans[0].Capacity;
        int capacity = start;
        while (sim.State.Now < deadline)
        {
            var entries = await journal.ListAsync(plan, DecisionJournal.MaxLimit, ct);
            foreach (var entry in entries.Skip(seen))
            {
                string color = entry.Kind switch { "scale-in" => "blue", "verified" => "green", "reverted" => "red", _ => "grey" };
                foreach (string line in narrator.Lines(entry))
                {
                    console.MarkupLine($"  [{color}]{Markup.Escape(line)}[/]");
                }
            }

            seen = entries.Count;
            capacity = sim.State.Snapshot().Plans[0].Capacity;
            if (capacity < start && entries.Count > 0 && entries[^1].Kind is "verified" or "reverted")
            {
                break;
            }

            await Task.Delay(200, ct);
        }

        foreach (string line in narrator.Flush())
        {
            console.MarkupLine($"  [grey]{Markup.Escape(line)}[/]");
        }

        return capacity;
    }

    /// <summary>Says the clock is simulated, how fast it runs, and what time it shows.</summary>
    public static string ClockLine(double timeScale, DateTimeOffset now) => string.Create(
        CultureInfo.InvariantCulture,
        $"Clock: simulated, {timeScale:0}× real time (one real second = {TimeSpan.FromSeconds(timeScale):g} simulated); it starts at {now:HH:mm} UTC and every time below is simulated.");

    private static string Version(Simulator.Model.SiteSnapshot site, string slot) =>
        site.Slots.First(s => string.Equals(s.Name, slot, StringComparison.OrdinalIgnoreCase)).Version;
}
