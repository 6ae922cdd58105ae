using Seamless.Core.ScaleIn;
using Seamless.Workflows.Activities;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;

namespace Seamless.ScaleInDisruption.Bench;

/// <summary>
/// Seamless's scale-in sweep: every 5 minutes, per plan, the same reads as the orchestrator (plan, metric window,
/// the seasonal windows when the policy's headroom is fixed, drain facts and the learned headroom — through the product's activities over ARM and Azure
/// Monitor) and the real pure evaluator with the default policy; a scale-in decision is applied at once. The orchestrator's verification
/// window is not replayed (the cooldown keeps the next step at least as far away).
/// </summary>
internal sealed class SeamlessScaler(BenchContext bench) : IScaler
{
    private static readonly TimeSpan Sweep = TimeSpan.FromMinutes(5);
    private readonly ScaleInPolicy _policy = ScaleInPolicy.Default;
    private readonly Dictionary<string, List<JournalEntry>> _journal = [];
    private DateTimeOffset? _lastSweep;

    public async Task StepAsync(DateTimeOffset now)
    {
        if (_lastSweep is { } last && now - last < Sweep)
        {
            return;
        }

        _lastSweep = now;
        foreach (var p in BenchFleet.Plans)
        {
            if (bench.Busy(p.Plan))
            {
                continue;
            }

            string planId = BenchFleet.PlanId(p.Plan);
            var journal = _journal.TryGetValue(p.Plan, out var j) ? j : _journal[p.Plan] = [];
            var plan = await bench.AppService.GetPlanAsync(planId, CancellationToken.None);
            var windowEnd = ScaleInOrchestrator.WindowEnd(now);
            var window = await bench.Activities.ReadPlanMetricsAsync(new PlanMetricsRequest(planId, windowEnd - _policy.Window, windowEnd), CancellationToken.None);
            var seasonal = ScaleInOrchestrator.SeasonalWindows(planId, _policy, now);
            var yesterday = seasonal is { } y ? await bench.Activities.ReadPlanMetricsAsync(y.Yesterday, CancellationToken.None) : null;
            var lastWeek = seasonal is { } w ? await bench.Activities.ReadPlanMetricsAsync(w.LastWeek, CancellationToken.None) : null;
            var drain = await bench.Activities.ReadDrainFactsAsync(ScaleInOrchestrator.DrainRequest(planId, now, _policy), CancellationToken.None);
            var lastChange = journal.Count > 0 ? journal[^1].At : (DateTimeOffset?)null;
            var input = new ScaleInInput(planId, DryRun: false, "bench", _policy, [], Sweep);
            var headroom = ScaleInOrchestrator.HeadroomRequestFor(planId, _policy, Sweep, plan, now) is { } learn
                ? (await bench.Activities.LearnHeadroomAsync(learn, CancellationToken.None)).Estimate
                : null;
            var context = ScaleInOrchestrator.BuildContext(input, now, plan, new PlanGuards([], null), new CapacityHistory(lastChange, false, null), window, yesterday, lastWeek, journal, drain, headroom);

            var decision = ScaleInEvaluator.Evaluate(context, _policy);
            if (decision.Action == ScaleInAction.Hold)
            {
                string key = $"{decision.DecidingRule}/{decision.Reason}";
                bench.Holds[key] = bench.Holds.GetValueOrDefault(key) + 1;
                continue;
            }

            await bench.SetCapacityAsync(p.Plan, decision.ToCapacity);
            journal.Add(new JournalEntry(planId, now, "scale-in", decision.Message, "bench", null, new CapacityChange(now, CapacityChangeKind.ScaleIn, decision.FromCapacity, decision.ToCapacity)));
        }
    }
}
