using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Seamless.Core.Model;
using Seamless.Core.Time;
using Seamless.Core.Upgrade;
using Seamless.Durable;
using Seamless.Workflows;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Upgrade;

/// <summary>
/// The real upgrade orchestrator with a long guard window on the embedded engine, on an accelerated clock,
/// against scripted activities (a healthy site): how long it takes, how big the custom status and the
/// history get. The question it answers: does a day-long guard window stay bounded?
/// </summary>
internal static class GuardWindowBench
{
    private const string Site = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/sites/app";
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan";

    /// <summary>Runs the bench and prints its figures.</summary>
    /// <returns>True when the release was promoted (the guard window ran to its end); anything else measured nothing.</returns>
    public static async Task<bool> RunAsync(TimeSpan window, TimeSpan interval, double scale)
    {
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ScaledTimeProvider(TimeProvider.System, start, scale);
        var registry = new DurableTaskRegistry();
        registry.AddOrchestrator(WorkflowNames.UpgradeOrchestrator, () => new UpgradeOrchestrator());
        var statusSizes = new List<int>();
        long metricMinutes = 0;
        var site = new ScriptedSite();
        foreach (string name in typeof(ActivityNames).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!))
        {
            registry.AddActivity(name, _ => new ScriptedActivity(name, clock, site, minutes => Interlocked.Add(ref metricMinutes, minutes)));
        }

        string directory = Path.Combine(Path.GetTempPath(), "seamless-guard-bench", Guid.NewGuid().ToString("N"));
        await using var engine = await DurableEngine.StartNewAsync(directory, registry, o => o.PollingInterval = TimeSpan.FromMilliseconds(5), timeProvider: clock);
        var policy = UpgradePolicy.Default with
        {
            Warmup = new WarmupPolicy { ConsecutivePasses = 1 },
            GuardWindow = window,
            GuardInterval = interval,
        };
        var input = new UpgradeInput(Site, "staging", "production", "v2", "swap", "bench", policy, start);
        var stopwatch = Stopwatch.StartNew();
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.UpgradeOrchestrator, input);
        OrchestrationMetadata? meta;
        do
        {
            await Task.Delay(200);
            meta = await engine.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            if (meta?.SerializedCustomStatus is { } status)
            {
                statusSizes.Add(Encoding.UTF8.GetByteCount(status));
            }
        }
        while (meta is null || !meta.IsCompleted);

        stopwatch.Stop();
        var result = meta.ReadOutputAs<UpgradeResult>()!;
        var history = await engine.GetHistoryAsync(id);
        long historyBytes = history.Sum(e => (long)Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(e, WorkflowJson.Options)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            guard window {window} at {interval} (clock ×{scale}): {result.Outcome} in {stopwatch.Elapsed.TotalSeconds:F1} s real
              guard verdicts {result.Status.VerdictCount}; custom status largest sample {statusSizes.DefaultIfEmpty().Max():N0} B of {statusSizes.Count} samples, final {Encoding.UTF8.GetByteCount(meta.SerializedCustomStatus ?? string.Empty):N0} B
              history {history.Count:N0} events, {historyBytes / 1024.0 / 1024.0:F1} MiB; metric minutes returned to the orchestrator {metricMinutes:N0}
            """));
        if (result.Outcome != UpgradeOutcome.Promoted)
        {
            Console.Error.WriteLine($"The release ended {result.Outcome}, not Promoted: {result.Reason}");
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }

        return result.Outcome == UpgradeOutcome.Promoted;
    }

    /// <summary>Which build each slot runs: the release (v2) in staging and v1 in production until the swap.</summary>
    private sealed class ScriptedSite
    {
        private int _swapped;

        public void Swap() => Volatile.Write(ref _swapped, 1);

        public ObservedBuild Build(string slot) =>
            new(slot, (slot == "production") == (Volatile.Read(ref _swapped) == 1) ? "v2" : "v1");
    }

    /// <summary>Answers one activity for a healthy site; inputs arrive as JSON elements.</summary>
    private sealed class ScriptedActivity(string name, TimeProvider clock, ScriptedSite site, Action<int> countMinutes) : ITaskActivity
    {
        public Type InputType => typeof(JsonElement);

        public Type OutputType => typeof(object);

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var json = input is JsonElement element ? element : default;
            object? output = name switch
            {
                ActivityNames.CheckManaged => null,
                ActivityNames.GetSite => new SiteState(Site, json.GetProperty("slot").GetString() ?? "production", "Running", null, null, Plan, "app-staging.azurewebsites.net", [], "westeurope"),
                ActivityNames.GetPlan => new PlanState(Plan, "westeurope", "P1v3", "PremiumV3", 3, false, 30, "Succeeded"),
                ActivityNames.GetAppSettingNames => new List<string>(),
                ActivityNames.GetSlotConfigNames => new SlotConfigNames([], []),
                ActivityNames.ListInstances => new List<SiteInstance> { new("i1", "READY") },
                ActivityNames.ProbeSlot => json.GetProperty("paths").EnumerateArray()
                    .Select(p => new ProbeObservation("i1", p.GetString()!, 200, TimeSpan.FromMilliseconds(20), clock.GetUtcNow())).ToList(),
                ActivityNames.ReadSlotMetrics => Metrics(json.GetProperty("from").GetDateTimeOffset(), json.GetProperty("to").GetDateTimeOffset()),
                ActivityNames.SetRouting => json.GetProperty("percentage").GetDouble(),
                ActivityNames.SwapSlots => Swap(),
                ActivityNames.ResolveBuild => site.Build(json.GetProperty("slot").GetString()!),
                _ => true,
            };
            return Task.FromResult(output);
        }

        private SwapResult Swap()
        {
            site.Swap();
            return new SwapResult(true, new SlotSwapStatus(clock.GetUtcNow(), "staging", "production"));
        }

        private SlotMetrics Metrics(DateTimeOffset from, DateTimeOffset to)
        {
            var minutes = new List<SlotMinute>();
            for (var t = from; t < to; t = t.AddMinutes(1))
            {
                minutes.Add(new SlotMinute(t, 600, 0, 0.12 + (minutes.Count % 3 * 0.01)));
            }

            countMinutes(minutes.Count);
            return new SlotMetrics(minutes);
        }
    }
}
