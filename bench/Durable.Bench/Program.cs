using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Seamless.Durable;

// Usage: dotnet run -c Release --project bench/Durable.Bench -- [orchestrations] [activitiesPerOrchestration] [chainLength]
//        dotnet run -c Release --project bench/Durable.Bench -- guard [hours] [intervalMinutes] [timeScale]
if (args.Length > 0 && args[0] == "guard")
{
    double hours = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 24;
    double interval = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 1;
    double scale = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 3600;
    await GuardWindowBench.RunAsync(TimeSpan.FromHours(hours), TimeSpan.FromMinutes(interval), scale);
    return;
}

int orchestrations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
int perOrchestration = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
int chain = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"Durable engine bench: {Environment.ProcessorCount} cores, {orchestrations} orchestrations x {perOrchestration} activities, chain of {chain}"));
foreach (bool fullSync in new[] { false, true })
{
    string mode = fullSync ? "WAL + synchronous=FULL" : "WAL + synchronous=NORMAL (default)";
    var throughput = await Bench.ThroughputAsync(orchestrations, perOrchestration, fullSync);
    var latency = await Bench.ChainAsync(chain, fullSync);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{mode}: throughput {throughput:F0} activities/s; step latency p50 {latency.P50:F2} ms, p99 {latency.P99:F2} ms, max {latency.Max:F2} ms"));
}

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
