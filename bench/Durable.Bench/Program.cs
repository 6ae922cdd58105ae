using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Seamless.Bench;
using Seamless.Durable;

// Usage: dotnet run -c Release --project bench/Durable.Bench -- [orchestrations] [activitiesPerOrchestration] [chainLength]
//        dotnet run -c Release --project bench/Durable.Bench -- guard [hours] [intervalMinutes] [timeScale]
// --help lists the arguments and their defaults; a malformed or out-of-range one is one line on stderr and exit 2.
var orchestrationsArgument = BenchCli.OptionalNumber<int>("orchestrations", "Orchestrations in the throughput run.", 200, n => n >= 1, "a whole number ≥ 1");
var perOrchestrationArgument = BenchCli.OptionalNumber<int>("activitiesPerOrchestration", "Activities each of them calls in sequence.", 10, n => n >= 1, "a whole number ≥ 1");
var chainArgument = BenchCli.OptionalNumber<int>("chainLength", "Activities in the latency chain (the steps between them are measured).", 500, n => n >= 2, "a whole number ≥ 2");
var hoursArgument = BenchCli.OptionalNumber<double>("hours", "Guard window, hours.", 24, h => h is > 0 and <= 8760, "above 0 and at most 8760 (a year)");
var intervalArgument = BenchCli.OptionalNumber<double>("intervalMinutes", "Guard interval, minutes (at most the window).", 1, m => m > 0 && double.IsFinite(m), "a number above 0");
var scaleArgument = BenchCli.OptionalNumber<double>("timeScale", "Simulated seconds per real second.", 3600, s => s >= 1 && double.IsFinite(s), "a number ≥ 1");
var guard = new Command("guard", "The real upgrade orchestrator with a long guard window on an accelerated clock: run time, custom status and history size.")
{
    hoursArgument, intervalArgument, scaleArgument,
};
guard.SetAction(async parse =>
{
    if (parse.GetResult(orchestrationsArgument) is { Tokens.Count: > 0 } before)
    {
        throw new ArgumentException($"guard takes its own arguments, not the throughput run's ('{before.Tokens[0].Value}' before 'guard').");
    }

    double hours = parse.GetValue(hoursArgument);
    double interval = parse.GetValue(intervalArgument);
    if (interval > hours * 60)
    {
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"intervalMinutes ({interval}) must not exceed the guard window ({hours} h)."));
    }

    // Exit 1 when the release was not promoted: the window did not run, so the figures measure nothing.
    return await GuardWindowBench.RunAsync(TimeSpan.FromHours(hours), TimeSpan.FromMinutes(interval), parse.GetValue(scaleArgument)) ? 0 : 1;
});
var command = new RootCommand("Durable engine bench: throughput and per-step latency of the embedded engine with durable writes (docs/benchmarks.md).")
{
    orchestrationsArgument, perOrchestrationArgument, chainArgument, guard,
};
command.SetAction(async parse =>
{
    int orchestrations = parse.GetValue(orchestrationsArgument);
    int perOrchestration = parse.GetValue(perOrchestrationArgument);
    int chain = parse.GetValue(chainArgument);

    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"Durable engine bench: {Environment.ProcessorCount} cores, {orchestrations} orchestrations x {perOrchestration} activities, chain of {chain}"));
    bool[] synchronousFull = [false, true];
    foreach (bool fullSync in synchronousFull)
    {
        string mode = fullSync ? "WAL + synchronous=FULL" : "WAL + synchronous=NORMAL (default)";
        var throughput = await Bench.ThroughputAsync(orchestrations, perOrchestration, fullSync);
        var latency = await Bench.ChainAsync(chain, fullSync);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{mode}: throughput {throughput:F0} activities/s; step latency p50 {latency.P50:F2} ms, p99 {latency.P99:F2} ms, max {latency.Max:F2} ms"));
    }

    return 0;
});
return await BenchCli.RunAsync(command, args);

/// <summary>The two scenarios.</summary>
internal static class Bench
{
    public static async Task<double> ThroughputAsync(int orchestrations, int perOrchestration, bool fullSync)
    {
        var registry = new DurableTaskRegistry()
            .AddActivityFunc<int, int>("Work", (_, x) => Task.FromResult(x + 1))
            .AddOrchestratorFunc<int>("Fan", async ctx =>
            {
                int n = ctx.GetInput<int>();
                int value = 0;
                for (int i = 0; i < n; i++)
                {
                    value = await ctx.CallActivityAsync<int>("Work", value);
                }

                return value;
            });
        string directory = NewDirectory();
        await using var engine = await DurableEngine.StartNewAsync(directory, registry, o => o.SynchronousFull = fullSync);

        // Warm-up (JIT, SQLite pages) outside the measurement.
        await engine.Client.WaitForInstanceCompletionAsync(await engine.Client.ScheduleNewOrchestrationInstanceAsync("Fan", 3));

        var stopwatch = Stopwatch.StartNew();
        var ids = new List<string>(orchestrations);
        for (int i = 0; i < orchestrations; i++)
        {
            ids.Add(await engine.Client.ScheduleNewOrchestrationInstanceAsync("Fan", perOrchestration));
        }

        foreach (string id in ids)
        {
            var result = await engine.Client.WaitForInstanceCompletionAsync(id);
            if (result.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{id} ended {result.RuntimeStatus}");
            }
        }

        stopwatch.Stop();
        await engine.StopAsync();
        Cleanup(directory);
        return orchestrations * perOrchestration / stopwatch.Elapsed.TotalSeconds;
    }

    public static async Task<(double P50, double P99, double Max)> ChainAsync(int length, bool fullSync)
    {
        var stamps = new List<long>(length);
        var registry = new DurableTaskRegistry()
            .AddActivityFunc<int, int>("Step", (_, x) =>
            {
                lock (stamps)
                {
                    stamps.Add(Stopwatch.GetTimestamp());
                }

                return Task.FromResult(x + 1);
            })
            .AddOrchestratorFunc<int>("Chain", async ctx =>
            {
                int n = ctx.GetInput<int>();
                int value = 0;
                for (int i = 0; i < n; i++)
                {
                    value = await ctx.CallActivityAsync<int>("Step", value);
                }

                return value;
            });
        string directory = NewDirectory();
        await using var engine = await DurableEngine.StartNewAsync(directory, registry, o => o.SynchronousFull = fullSync);
        await engine.Client.WaitForInstanceCompletionAsync(await engine.Client.ScheduleNewOrchestrationInstanceAsync("Chain", 20));
        lock (stamps)
        {
            stamps.Clear();
        }

        await engine.Client.WaitForInstanceCompletionAsync(await engine.Client.ScheduleNewOrchestrationInstanceAsync("Chain", length));
        await engine.StopAsync();
        Cleanup(directory);

        // A step = activity result committed -> episode replayed and committed -> next activity started.
        var steps = stamps.Zip(stamps.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).Order().ToList();
        return (Percentile(steps, 0.50), Percentile(steps, 0.99), steps[^1]);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "seamless-durable-bench", Guid.NewGuid().ToString("N"));

    private static void Cleanup(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
