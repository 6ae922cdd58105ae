using Seamless.Core.Resources;
using Seamless.Core.ScaleIn;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;
using Microsoft.Extensions.Options;

namespace Seamless.Workflows.ScaleIn;

/// <summary>
/// A dry run of one plan's scale-in decision, answered in the request: the same reads as
/// <see cref="ScaleInOrchestrator"/> (guards, plan, capacity history, metric windows, journal) and the same
/// pure <see cref="ScaleInEvaluator"/>, but nothing is written — no journal entry, no capacity record, no
/// orchestration — so asking "what would it do now?" cannot change what it does next.
/// </summary>
public sealed class ScaleInPreview(
    AppServiceActivities azure,
    StateActivities state,
    IStateStore store,
    IOptions<SeamlessOptions> options,
    ScaleInSchedule schedule,
    TimeProvider clock)
{
    /// <summary>Evaluates a managed plan now with the policy configured for it.</summary>
    public async Task<ScaleInDecision> EvaluateAsync(AzureResourceId plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var settings = options.Value;
        var policy = settings.ScaleIn.PolicyFor(plan);
        var now = clock.GetUtcNow();
        string planId = plan.ToString();
        var input = new ScaleInInput(planId, DryRun: true, "preview", policy, [.. settings.Managed.Sites], schedule.IntervalAfter(now));

        var guards = await state.GetPlanGuardsAsync(new PlanGuardsRequest(planId, now), cancellationToken);
        var planState = await azure.GetPlanAsync(planId, cancellationToken);
        var history = await ReadCapacityHistoryAsync(plan, planState.Capacity, now, cancellationToken);
        var windowEnd = ScaleInOrchestrator.WindowEnd(now);
        var window = await azure.ReadPlanMetricsAsync(new PlanMetricsRequest(planId, windowEnd - policy.Window, windowEnd), cancellationToken);
        var seasonal = ScaleInOrchestrator.SeasonalWindows(planId, policy, now);
        var yesterday = seasonal is { } y ? await azure.ReadPlanMetricsAsync(y.Yesterday, cancellationToken) : null;
        var lastWeek = seasonal is { } w ? await azure.ReadPlanMetricsAsync(w.LastWeek, cancellationToken) : null;
        var journal = await state.ReadJournalAsync(new JournalQuery(planId, 100), cancellationToken);
        var drain = await azure.ReadDrainFactsAsync(ScaleInOrchestrator.DrainRequest(planId, now, policy), cancellationToken);

        var headroom = ScaleInOrchestrator.HeadroomRequestFor(planId, policy, input.SweepInterval, planState, now) is { } request
            ? await azure.LearnHeadroomAsync(request, cancellationToken)
            : null;

        var context = ScaleInOrchestrator.BuildContext(input, now, planState, guards, history, window, yesterday, lastWeek, journal, drain, headroom?.Estimate);
        return ScaleInEvaluator.Evaluate(context, policy);
    }

    /// <summary>
    /// What <see cref="StateActivities.ObserveCapacityAsync"/> would answer, without recording the observation:
    /// a capacity that differs from the recorded one counts as changed now.
    /// </summary>
    public static CapacityHistory History(CapacityRecord? recorded, int capacity, DateTimeOffset now)
    {
        bool changed = recorded is not null && recorded.Capacity != capacity;
        return new CapacityHistory(changed ? now : recorded?.ChangedAt, changed, recorded?.Capacity);
    }

    private async Task<CapacityHistory> ReadCapacityHistoryAsync(AzureResourceId plan, int capacity, DateTimeOffset now, CancellationToken ct)
    {
        var item = await store.GetAsync(StateKeys.PlanCapacity(plan), ct);
        return History(item is null ? null : WorkflowJson.Deserialize<CapacityRecord>(item.Value), capacity, now);
    }
}
