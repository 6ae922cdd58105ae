using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Seamless.Azure;
using Seamless.Bench;
using Seamless.Simulator;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Activities;

namespace Seamless.ScaleInDisruption.Bench;

/// <summary>
/// Scale-in disruption benchmark: the same fleet, load, seed and start run twice in the in-process simulator on a
/// driven clock — once scaled in by Seamless (the real <c>ScaleInEvaluator</c> with the default policy, fed through
/// the product's ARM and Azure Monitor adapters and activities, every 5 minutes like the timer sweep) and once by
/// Azure-autoscale-style rules (scale in by 1 when the 10-minute average CPU ≤ 60 %, 5-minute cooldown, the
/// documented flapping check). The simulator drains each removed instance for 90 s: long requests still running
/// then fail and ARR-affinity sessions pinned to it are lost. Usage:
/// <c>dotnet run -c Release --project bench/ScaleInDisruption.Bench [-- --hours 12 --seed 1]</c> (<c>--help</c> for the options;
/// a malformed or out-of-range value is one line on stderr and exit 2).
/// </summary>
public static class Program
{
    /// <summary>The simulated start: an hour of traffic (sessions build up) before the first decision at the 14:00 peak.</summary>
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 13, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan WarmUp = TimeSpan.FromHours(1);

    public static Task<int> Main(string[] args)
    {
        var hours = BenchCli.NumberOption<double>("--hours", "Simulated hours of decisions (after an hour of warm-up).", 12, h => h is > 0 and <= 8760, "above 0 and at most 8760 (a year)");
        var seed = BenchCli.NumberOption<int>("--seed", "Simulator seed (the same for both runs).", 1, _ => true, "a whole number");
        var command = new RootCommand("Scale-in disruption benchmark: failed requests and lost sessions caused by Seamless's scale-ins versus Azure-autoscale-style rules (exit 1 when the target is missed).") { hours, seed };
        command.SetAction(parse => CompareAsync(parse.GetValue(hours), parse.GetValue(seed)));
        return BenchCli.RunAsync(command, args);
    }

    private static async Task<int> CompareAsync(double hours, int seed)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Scale-in disruption bench: {BenchFleet.Plans.Count} plans × 8 P1v3, diurnal load peaking 14:00, seed {seed}, decisions from {Start + WarmUp:u} for {hours:0.#} h; platform drain {Simulator.Model.DrainSettings.DefaultDrainSeconds:0} s."));

        var seamless = await RunAsync("Seamless (default policy)", seed, hours, ctx => new SeamlessScaler(ctx));
        var rules = await RunAsync("Azure autoscale rules (CPU ≤ 60 % / 10 min, cooldown 5 min, −1)", seed, hours, ctx => new RuleScaler(ctx));

        Console.WriteLine();
        Console.WriteLine("| policy | scale-ins | failed requests caused by scale-in | sessions lost | instance-hours |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var r in new[] { seamless, rules })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.ScaleIns} | {r.Failed:0} | {r.SessionsLost:0} | {r.InstanceHours:0.0} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| plan | site | Seamless: scale-ins / failed / lost / final | rules: scale-ins / failed / lost / final |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var p in BenchFleet.Plans)
        {
            var s = seamless.Plans[p.Plan];
            var u = rules.Plans[p.Plan];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {p.Plan} | {p.Description} | {s.ScaleIns} / {s.Failed:0} / {s.SessionsLost:0} / {s.FinalCapacity} | {u.ScaleIns} / {u.Failed:0} / {u.SessionsLost:0} / {u.FinalCapacity} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Seamless holds by reason (decisions over the run): " + string.Join(", ", seamless.Holds.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}")));

        // A Seamless that never scales in would meet the zeros vacuously: it must also scale in where draining is harmless.
        bool scaledIn = seamless.ScaleIns > 0;
        bool ok = scaledIn && seamless.Failed < 0.5 && seamless.SessionsLost < 0.5 && rules.Failed >= 0.5 && rules.SessionsLost >= 0.5;
        Console.WriteLine(ok
            ? "Target met: Seamless's scale-ins caused 0 failed requests and 0 lost sessions; the rules' caused both."
            : scaledIn ? "Target NOT met." : "Target NOT met: Seamless made no scale-in at all (a zero that proves nothing).");
        return ok ? 0 : 1;
    }

    private static async Task<RunResult> RunAsync(string name, int seed, double hours, Func<BenchContext, IScaler> create)
    {
        var clock = new FakeTimeProvider(Start);
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Fleet = BenchFleet.Create(), Seed = seed, Start = Start, TimeScale = 1, BaseClock = clock });
        var options = new AzureAccessOptions
        {
            ArmEndpoint = sim.BaseAddress,
            MetricsEndpoint = sim.BaseAddress,
            DataPlaneEndpoint = sim.BaseAddress,
            StaticToken = "bench-token",
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        var pipelines = new AzurePipelineFactory(options);
        var appService = new ArmAppServiceClient(pipelines, NullLogger<ArmAppServiceClient>.Instance);
        var metrics = new MonitorMetricsClient(pipelines, NullLogger<MonitorMetricsClient>.Instance);
        using var probeClient = new HttpClient();
        var probe = new HttpSiteProbe(new SingleClientFactory(probeClient), Options.Create(options), NullLogger<HttpSiteProbe>.Instance);
        using var arm = new HttpClient { BaseAddress = sim.BaseAddress };
        arm.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench-token");
        var context = new BenchContext(sim.State, new AppServiceActivities(appService, metrics, probe, sim.Clock), appService, arm);
        var scaler = create(context);

        var end = Start + WarmUp + TimeSpan.FromHours(hours);
        double instanceMinutes = 0;
        bool officeClosed = false;
        while (sim.State.Now < end)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            var now = sim.State.Now;
            if (!officeClosed && now >= Start + BenchFleet.OfficeClosesAfterStart)
            {
                sim.State.SetLoad("office", new LoadSpec { RequestsPerMinute = 0, Noise = 0 });
                officeClosed = true;
            }

            var snapshot = sim.State.Snapshot();
            instanceMinutes += snapshot.Plans.Sum(p => p.Capacity + p.Draining.Count);
            if (now >= Start + WarmUp)
            {
                await scaler.StepAsync(now);
            }
        }

        // Let the last drains end so their damage is counted.
        clock.Advance(TimeSpan.FromMinutes(3));
        var final = sim.State.Snapshot();
        var plans = BenchFleet.Plans.ToDictionary(
            p => p.Plan,
            p =>
            {
                var drain = final.Site(p.Site).Drain!;
                return new PlanResult(context.ScaleIns.GetValueOrDefault(p.Plan), drain.FailedByScaleIn, drain.SessionsLost, final.Plan(p.Plan).Capacity);
            });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: done ({context.ScaleIns.Values.Sum()} scale-ins)."));
        return new RunResult(name, plans.Values.Sum(p => p.ScaleIns), plans.Values.Sum(p => p.Failed), plans.Values.Sum(p => p.SessionsLost), instanceMinutes / 60, plans, context.Holds);
    }

    /// <summary>The probe's client factory: one loopback client (the bench never probes, the activities' constructor needs it).</summary>
    private sealed class SingleClientFactory(HttpClient client) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => client;
    }
}

/// <summary>What a scaler can use: the simulator, the product's activities and ARM client, and raw ARM for writes.</summary>
internal sealed class BenchContext(Simulator.Model.SimulatorState state, AppServiceActivities activities, ArmAppServiceClient appService, HttpClient arm)
{
    public Simulator.Model.SimulatorState State { get; } = state;

    public AppServiceActivities Activities { get; } = activities;

    public ArmAppServiceClient AppService { get; } = appService;

    public Dictionary<string, int> ScaleIns { get; } = [];

    public Dictionary<string, int> Holds { get; } = [];

    /// <summary>Whether a capacity change is still running on the plan.</summary>
    public bool Busy(string plan) => State.Snapshot().Plan(plan).PendingCapacity is not null;

    /// <summary>Sets the capacity the way both actors do in Azure: PATCH the plan's sku.capacity (the change runs as an LRO).</summary>
    public async Task SetCapacityAsync(string plan, int capacity)
    {
        using var content = new StringContent($$"""{ "sku": { "capacity": {{capacity}} } }""", Encoding.UTF8, "application/json");
        using var response = await arm.PatchAsync(new Uri($"{BenchFleet.PlanId(plan).TrimStart('/')}?api-version=2024-04-01", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        ScaleIns[plan] = ScaleIns.GetValueOrDefault(plan) + 1;
    }
}

/// <summary>One policy acting on the fleet once per simulated minute.</summary>
internal interface IScaler
{
    Task StepAsync(DateTimeOffset now);
}

internal sealed record PlanResult(int ScaleIns, double Failed, double SessionsLost, int FinalCapacity);

internal sealed record RunResult(string Name, int ScaleIns, double Failed, double SessionsLost, double InstanceHours, Dictionary<string, PlanResult> Plans, Dictionary<string, int> Holds);
