// Sweep benchmark: the Azure reads of the scale-in sweep over a large fleet, as the product makes them — each plan's
// evaluation through the product's activities (AppServiceActivities) and the real adapters (ArmAppServiceClient,
// MonitorMetricsClient, BatchingMetricsClient → Azure.Core pipeline → HTTP) against the in-process simulator.
// Usage: dotnet run -c Release --project bench/Sweep.Bench -- [--plans 1000] [--sweeps 3] [--parallel 20] [--batching both|on|off] [--learn]
// With --learn the plans' demand ledgers are shared through the embedded engine's SQLite state store (DemandLedgerStore),
// and a last sweep is made by a second, new set of activities on the same store: an instance the app has just started.
// --help lists the options; a malformed or out-of-range value is one line on stderr and exit 2.
using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Azure.Core.Pipeline;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Azure;
using Seamless.Bench;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Durable;
using Seamless.Simulator;
using Seamless.Simulator.Fleet;
using Seamless.Sweep.Bench;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Ports;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;

var plansOption = BenchCli.NumberOption<int>("--plans", "Plans in the generated fleet (one site each).", 1000, n => n >= 1, "a whole number ≥ 1");
var sweepsOption = BenchCli.NumberOption<int>("--sweeps", "Sweeps, one simulated minute apart (the first learns each resource's region).", 3, n => n >= 2, "a whole number ≥ 2");
var parallelOption = BenchCli.NumberOption<int>("--parallel", "Plan evaluations in flight at once (the Functions host runs 10 activities per core by default).", 20, n => n >= 1, "a whole number ≥ 1");
var batchingOption = new Option<string>("--batching") { Description = "on: metric reads through BatchingMetricsClient and plan and site reads through BatchingAppServiceClient (the defaults); off: one ARM call per read; both: each, one after the other.", HelpName = "both|on|off", DefaultValueFactory = _ => "both" };
batchingOption.Validators.Add(result =>
{
    if (result.GetValueOrDefault<string>() is not ("both" or "on" or "off") and var value)
    {
        result.AddError($"--batching must be both, on or off, not '{value}'.");
    }
});
var learnOption = new Option<bool>("--learn") { Description = "Each evaluation also runs the learned headroom's activity as the orchestrator asks it (LearnHeadroomAsync: the ledger's reads, the hourly learning and the estimate) in place of its latest-minutes read; the first sweep reads each plan's eleven days and learns, and stores its settled hours in the state store; a last sweep by a new instance learns from the store." };
var command = new RootCommand("Sweep benchmark: the Azure reads of the product's scale-in sweep over a large fleet, per-resource and batched, against the in-process simulator (exit 1 when a target is missed).")
{
    plansOption, sweepsOption, parallelOption, batchingOption, learnOption,
};
command.SetAction(async parse =>
{
    int plans = parse.GetValue(plansOption);
    string batching = parse.GetValue(batchingOption)!;
    bool pass = true;
    bool[] modes = batching switch { "on" => [true], "off" => [false], _ => [false, true] };
    foreach (bool on in modes)
    {
        pass &= await SweepsAsync(plans, parse.GetValue(sweepsOption), parse.GetValue(parallelOption), on, parse.GetValue(learnOption));
    }

    return pass ? 0 : 1;
});
return await BenchCli.RunAsync(command, args);

static async Task<bool> SweepsAsync(int plans, int sweeps, int parallel, bool batching, bool learn)
{
    var simulatedStart = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    var policy = ScaleInPolicy.Default;

    var setup = Stopwatch.StartNew();
    FleetSpec fleet = FleetGenerator.Create(plans);
    IReadOnlyList<string> planIds = FleetGenerator.PlanIds(fleet);
    await using SimulatorHost simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Fleet = fleet, TimeScale = 1, Seed = 42, Start = simulatedStart });
    var counter = new RequestCounterPolicy();
    var clock = new SweepClock();
    var services = new ServiceCollection().AddLogging();
    services.AddSingleton<TimeProvider>(clock);
    services.AddSingleton(sp => new AzurePipelineFactory(sp.GetRequiredService<IOptions<AzureAccessOptions>>().Value, perRetryPolicies: [counter]));
    services.AddSeamlessAzure(o =>
    {
        o.ArmEndpoint = simulator.BaseAddress;
        o.MetricsEndpoint = simulator.BaseAddress;
        o.StaticToken = "bench";
        o.MetricsBatching = batching;
        o.ArmReadBatching = batching;
    });
    await using ServiceProvider provider = services.BuildServiceProvider();
    string storeFolder = Path.Combine(Path.GetTempPath(), "seamless-sweep-bench-" + Guid.NewGuid().ToString("N")[..12]);
    await using var engine = new DurableEngine(new DurableEngineOptions { DataDirectory = storeFolder }, new DurableTaskRegistry());
    DemandLedgerStore? ledgers = learn ? new DemandLedgerStore(engine.StateStore, provider.GetRequiredService<ILogger<DemandLedgerStore>>()) : null;
    AppServiceActivities NewActivities() => new(
        provider.GetRequiredService<IAppServiceClient>(), provider.GetRequiredService<IMetricsClient>(), provider.GetRequiredService<ISiteProbe>(), clock, ledgers);
    var activities = NewActivities();
    setup.Stop();

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        Sweeps over {plans} plans ({plans} sites), reads {(batching ? "batched (metrics: BatchingMetricsClient; plans and sites: BatchingAppServiceClient)" : "per resource (one ARM call each)")}, {parallel} evaluations in flight; setup {setup.Elapsed.TotalSeconds:0.0} s
          each plan's evaluation reads what the orchestrator reads every sweep once the hour is learned: the plan (ARM), its
          {policy.WindowMinutes}-minute window, its sites (ARM) and their requests over {policy.SessionIdle.TotalMinutes:0} min, and its latest minutes (the learned headroom's hold)
        {(learn ? "and the learned headroom's activity in place of the latest minutes (learnings: plans whose learned setting is not the one the sweep before returned)\n" : string.Empty)}        sweep  wall s  ARM reads  ARM metric reads  getBatch calls  all HTTP{(learn ? "  learnings" : string.Empty)}
        """));
    var learned = new ConcurrentDictionary<string, LearnedHeadroom>();
    bool pass = true;
    int learnings = 0;

    // Targets of the steady sweep: inside the minute it is run every minute, and with batching none per resource and at
    // most one getBatch call per 50 plans for each of the five metric reads an evaluation makes (the window and the
    // latest minutes each read the plan twice, its aggregate and its CPU per instance; and the site). The plans and their
    // sites: one listing of each resource group's plans and one of its apps, a page per 50.
    int allowed = 5 * ((plans + 49) / 50);
    int listings = 2 * planIds.GroupBy(id => Seamless.Core.Resources.AzureResourceId.Parse(id).ResourceGroup, StringComparer.OrdinalIgnoreCase).Sum(g => (g.Count() + 49) / 50);
    string targets = string.Create(CultureInfo.InvariantCulture, $"< 60 s{(batching ? $"; no per-resource metric read, ≤ {allowed} getBatch calls and ≤ {listings} ARM reads" : string.Empty)}");
    bool Met(TimeSpan wall, RequestCounterPolicy.Calls calls) =>
        wall < TimeSpan.FromMinutes(1) && (!batching || (calls.ArmMetrics == 0 && calls.Batches <= allowed && calls.Arm <= listings));
    for (int s = 0; s < sweeps; s++)
    {
        // Each sweep a simulated minute after the one before, all in the history the simulator serves from the fleet's
        // steady state, so no sweep waits for simulated time to pass.
        DateTimeOffset now = simulatedStart - TimeSpan.FromMinutes(sweeps - s) + TimeSpan.FromSeconds(5);
        var (wall, calls) = await SweepOnceAsync(now);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s + 1,5}  {wall.TotalSeconds,6:0.00}  {calls.Arm,9}  {calls.ArmMetrics,16}  {calls.Batches,14}  {calls.Total,8}{(learn ? $"  {learnings,9}" : string.Empty)}"));
        if (s == sweeps - 1)
        {
            bool met = Met(wall, calls);
            Console.WriteLine($"  steady sweep: {(met ? "PASS" : "FAIL")} (targets: {targets})");
            pass &= met;
        }
    }

    if (learn)
    {
        // An instance the app has just started (a scale-out of the Functions app, a recycled worker): new activities, so
        // no ledger in memory, on the same state store, a minute after the last sweep (the same hour). It learns every plan
        // again from the hours the first instance stored, and reads from Azure Monitor what a steady sweep reads.
        activities = NewActivities();
        learned.Clear();
        var (wall, calls) = await SweepOnceAsync(simulatedStart + TimeSpan.FromSeconds(5));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  new  {wall.TotalSeconds,6:0.00}  {calls.Arm,9}  {calls.ArmMetrics,16}  {calls.Batches,14}  {calls.Total,8}  {learnings,9}"));

        // The new instance's first sweep, learning every plan from the store, meets the steady sweep's targets.
        bool met = Met(wall, calls) && learnings == plans;
        Console.WriteLine($"  new instance: {(met ? "PASS" : "FAIL")} (targets: every plan learned, {targets})");
        pass &= met;
    }

    Console.WriteLine();
    try
    {
        Directory.Delete(storeFolder, recursive: true);
    }
    catch (IOException)
    {
        // Left to the temp folder's own clean-up.
    }

    return pass;

    async Task<(TimeSpan Wall, RequestCounterPolicy.Calls Calls)> SweepOnceAsync(DateTimeOffset now)
    {
        clock.Now = now;
        var before = counter.Snapshot();
        learnings = 0;
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(planIds, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (planId, ct) =>
        {
            var plan = await activities.GetPlanAsync(planId, ct);
            var end = ScaleInOrchestrator.WindowEnd(now);
            await activities.ReadPlanMetricsAsync(new PlanMetricsRequest(planId, end - policy.Window, end), ct);
            await activities.ReadDrainFactsAsync(ScaleInOrchestrator.DrainRequest(planId, now, policy), ct);
            if (learn)
            {
                var reading = await activities.LearnHeadroomAsync(ScaleInOrchestrator.HeadroomRequestFor(planId, policy, TimeSpan.FromMinutes(1), plan, now)!, ct);
                if (!learned.TryGetValue(planId, out var last) || !ReferenceEquals(last, reading.Learned))
                {
                    Interlocked.Increment(ref learnings);
                }

                learned[planId] = reading.Learned;
            }
            else
            {
                var (from, to) = HeadroomReader.LatestWindow(end);
                await activities.ReadPlanMetricsAsync(new PlanMetricsRequest(planId, from, to), ct);
            }
        });
        wall.Stop();
        return (wall.Elapsed, counter.Snapshot() - before);
    }
}

/// <summary>The sweep's time (the batching client ages peers and results on it).</summary>
internal sealed class SweepClock : TimeProvider
{
    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
