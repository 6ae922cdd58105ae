// Sweep benchmark: one scale-in sweep's metric reads over a large fleet, through the real adapter
// (MonitorMetricsClient → Azure.Core pipeline → HTTP) against the in-process simulator.
// Usage: dotnet run -c Release --project bench/Sweep.Bench -- [--plans 1000] [--batch 50] [--parallel 4]
// --help lists the options; a malformed or out-of-range value is one line on stderr and exit 2.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Seamless.Azure;
using Seamless.Bench;
using Seamless.Core.Model;
using Seamless.Simulator;
using Seamless.Simulator.Fleet;
using Seamless.Sweep.Bench;
using Seamless.Workflows.Ports;

var plansOption = BenchCli.NumberOption<int>("--plans", "Plans in the generated fleet.", 1000, n => n >= 1, "a whole number ≥ 1");
var batchOption = BenchCli.NumberOption<int>("--batch", $"Plans per metrics batch call (the API takes 1 to {MonitorMetricsClient.MaxBatchResources}).", MonitorMetricsClient.MaxBatchResources, n => n is >= 1 and <= MonitorMetricsClient.MaxBatchResources, $"a whole number from 1 to {MonitorMetricsClient.MaxBatchResources}");
var parallelOption = BenchCli.NumberOption<int>("--parallel", "Batch calls in flight at once.", 4, n => n >= 1, "a whole number ≥ 1");
var command = new RootCommand("Sweep benchmark: one scale-in sweep's metric reads over a large fleet, through the real adapter against the in-process simulator (exit 1 when a target is missed).")
{
    plansOption, batchOption, parallelOption,
};
command.SetAction(parse => SweepAsync(parse.GetValue(plansOption), parse.GetValue(batchOption), parse.GetValue(parallelOption)));
return await BenchCli.RunAsync(command, args);

static async Task<int> SweepAsync(int plans, int batchSize, int parallel)
{
    var window = TimeSpan.FromMinutes(10);
    var simulatedStart = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    var setup = Stopwatch.StartNew();
    FleetSpec fleet = FleetGenerator.Create(plans);
    IReadOnlyList<string> planIds = FleetGenerator.PlanIds(fleet);
    await using SimulatorHost simulator = await SimulatorHost.StartAsync(new SimulatorOptions
    {
        Fleet = fleet,
        TimeScale = 1,
        Seed = 42,
        Start = simulatedStart,
    });
    setup.Stop();

    var counter = new RequestCounterPolicy();
    var options = new AzureAccessOptions
    {
        ArmEndpoint = simulator.BaseAddress,
        MetricsEndpoint = simulator.BaseAddress,
        StaticToken = "bench",
    };
    var metrics = new MonitorMetricsClient(new AzurePipelineFactory(options, perRetryPolicies: [counter]), NullLogger<MonitorMetricsClient>.Instance);

    // The window just before the simulated start: the simulator serves that history from the fleet's
    // steady state, so the sweep reads a full window without waiting for simulated time to pass.
    DateTimeOffset end = simulatedStart;
    DateTimeOffset start = end - window;
    string[][] batches = planIds.Chunk(batchSize).ToArray();

    var sweep = Stopwatch.StartNew();
    var results = new IReadOnlyList<MetricResult>[batches.Length];
    await Parallel.ForEachAsync(
        Enumerable.Range(0, batches.Length),
        new ParallelOptions { MaxDegreeOfParallelism = parallel },
        async (i, ct) => results[i] = await metrics.QueryBatchAsync(
            new MetricBatchQuery(
                FleetGenerator.Region,
                batches[i],
                MetricNames.PlanNamespace,
                [MetricNames.CpuPercentage, MetricNames.MemoryPercentage, MetricNames.HttpQueueLength],
                ["Average", "Maximum"],
                start,
                end,
                TimeSpan.FromMinutes(1),
                SplitByInstance: true),
            ct));
    sweep.Stop();

    MetricResult[] all = results.SelectMany(r => r).ToArray();
    int series = all.Sum(r => r.Series.Count);
    int points = all.Sum(r => r.Series.Sum(s => s.Points.Count));
    int plansWithCpu = all.Count(r => r.Of(MetricNames.CpuPercentage).Any(s => s.Points.Any(p => !p.IsEmpty)));
    bool pass = sweep.Elapsed < TimeSpan.FromSeconds(30) && counter.MetricCalls <= 20 && all.Length == plans;

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        Sweep over {plans} plans (batches of {batchSize}, {parallel} in parallel), window {start:HH:mm}-{end:HH:mm} simulated, PT1M, split by instance
          setup (fleet + simulator start): {setup.Elapsed.TotalSeconds:0.00} s
          sweep wall time:   {sweep.Elapsed.TotalSeconds:0.000} s   (target < 30 s)
          HTTP calls:        {counter.Total} total, {counter.MetricCalls} metric calls   (target <= 20)
          resources:         {all.Length} returned, {plansWithCpu} with CPU data
          series / points:   {series} / {points}
          result:            {(pass ? "PASS" : "FAIL")}
        """));
    return pass ? 0 : 1;
}
