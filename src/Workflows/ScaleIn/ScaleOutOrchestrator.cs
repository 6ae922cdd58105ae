using Microsoft.DurableTask;
using Seamless.Core.Model;
using Seamless.Core.Notifications;
using Seamless.Core.ScaleIn;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Notifications;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.State;

namespace Seamless.Workflows.ScaleIn;

/// <summary>
/// The alert fast path: confirm the alert against the plan's recent metrics and the hourly scale-out
/// limit (<see cref="ScaleOutConfirmation"/>), then a bounded scale-out (the veto is set by the alert router).
/// </summary>
public sealed class ScaleOutOrchestrator : TaskOrchestrator<ScaleOutInput, ScaleOutDecision>
{
    private static readonly TaskOptions Retry = ActivityRetry.Options(6, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));

    /// <summary>The orchestrator body registered as <see cref="WorkflowNames.ScaleOutOrchestrator"/>.</summary>
    public override async Task<ScaleOutDecision> RunAsync(TaskOrchestrationContext context, ScaleOutInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var now = DurableTime.Now(context);
        var policy = input.Policy ?? ScaleInPolicy.Default;
        var plan = await context.CallActivityAsync<PlanState>(ActivityNames.GetPlan, input.PlanId, Retry);
        var windowEnd = ScaleInOrchestrator.WindowEnd(now);
        var metrics = await context.CallActivityAsync<PlanMetrics>(
            ActivityNames.ReadPlanMetrics, new PlanMetricsRequest(input.PlanId, windowEnd - ScaleOutConfirmation.Window, windowEnd), Retry);
        var journal = await context.CallActivityAsync<IReadOnlyList<JournalEntry>>(ActivityNames.ReadJournal, new JournalQuery(input.PlanId, DecisionJournal.MaxLimit), Retry);
        var headroom = await LearnedHeadroomAsync(context, input, policy, plan, now);

        var verdict = ScaleOutConfirmation.Evaluate(
            BuildContext(now, plan, metrics, journal) with { LearnedMultiplier = headroom?.Learned.LearnedMultiplier, LatestAsked = headroom?.Estimate?.LatestAsked, Serving = headroom?.Estimate?.Serving },
            policy);
        var decision = verdict.Decision;
        context.SetCustomStatus(decision);
        var (kind, summary) = verdict.Outcome switch
        {
            ScaleOutOutcome.ScaleOut => ("scale-out", $"scaled out {decision.FromCapacity} → {decision.ToCapacity}: {input.Reason}; {verdict.Message}"),
            ScaleOutOutcome.AtMaximum => ("scale-out-skipped", $"no scale-out: {verdict.Message} ({input.Reason})"),
            _ => ("scale-out-refused", $"{verdict.Message} ({input.Reason})"),
        };
        var scaledOut = verdict.Outcome == ScaleOutOutcome.ScaleOut;
        if (scaledOut)
        {
            // Written only while the plan still has the capacity decided on: a sweep's scale-out ahead of demand (or an
            // operator) since then stands, and is never lowered to this order's smaller size.
            var written = await context.CallActivityAsync<PlanState>(ActivityNames.SetPlanCapacity, new CapacityRequest(input.PlanId, decision.ToCapacity, decision.FromCapacity), Retry);
            if (written.Capacity != decision.ToCapacity)
            {
                scaledOut = false;
                (kind, summary) = ("superseded", $"not scaled out {decision.FromCapacity} → {decision.ToCapacity}: the plan has {written.Capacity} instance(s), changed since the decision (a sweep's scale-out or an operator); that change stands ({input.Reason})");
            }
            else
            {
                await context.CallActivityAsync<CapacityHistory>(ActivityNames.ObserveCapacity, new CapacityObservation(input.PlanId, decision.ToCapacity, now, SetBySeamless: true), Retry);
            }
        }

        var change = scaledOut ? new CapacityChange(now, CapacityChangeKind.ScaleOut, decision.FromCapacity, decision.ToCapacity) : null;
        await context.CallActivityAsync<bool>(ActivityNames.AppendJournal, new JournalEntry(input.PlanId, now, kind, summary, context.InstanceId, verdict, change), Retry);
        if (change is not null)
        {
            await Notify.EnqueueAsync(context, NotificationEvents.ScaleOut(context.InstanceId, input.PlanId, decision.FromCapacity, decision.ToCapacity, input.Reason, now));
        }

        return decision;
    }

    /// <summary>
    /// The learned headroom, from the same learning the sweep uses (cached per plan and hour by the activity): its
    /// multiplier (its CPU line is <see cref="Core.ScaleIn.Headroom.LearnedHeadroom.CpuLine"/>) and, when the latest minute
    /// was saturated and its sites turned requests away, what that minute asked for
    /// (<see cref="Core.ScaleIn.Headroom.HeadroomEstimate.LatestAsked"/>). Null in fixed-headroom mode or when the learning
    /// cannot be read (the deployed alert line then decides alone and the full step is taken, the cautious side).
    /// </summary>
    private static async Task<HeadroomReading?> LearnedHeadroomAsync(TaskOrchestrationContext context, ScaleOutInput input, ScaleInPolicy policy, PlanState plan, DateTimeOffset now)
    {
        if (ScaleInOrchestrator.HeadroomRequestFor(input.PlanId, policy, input.SweepInterval, plan, now) is not { } request)
        {
            return null;
        }

        try
        {
            return await context.CallActivityAsync<HeadroomReading>(ActivityNames.LearnHeadroom, request, Retry);
        }
        catch (TaskFailedException)
        {
            return null;
        }
    }

    /// <summary>Builds the decision's input from what the activities read (pure).</summary>
    /// <param name="now">The orchestration time.</param>
    /// <param name="plan">The plan as read now.</param>
    /// <param name="metrics">The plan's metrics over the window ending at <see cref="ScaleInOrchestrator.WindowEnd"/>.</param>
    /// <param name="journal">The plan's latest journal entries.</param>
    /// <returns>The context for <see cref="ScaleOutConfirmation.Evaluate"/>.</returns>
    public static ScaleOutContext BuildContext(DateTimeOffset now, PlanState plan, PlanMetrics metrics, IReadOnlyList<JournalEntry> journal)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(journal);
        var windowEnd = ScaleInOrchestrator.WindowEnd(now);
        var minutes = metrics.Minutes.Where(m => m.Timestamp >= windowEnd - ScaleOutConfirmation.Window && m.Timestamp < windowEnd).ToList();
        return new ScaleOutContext
        {
            Now = now,
            Capacity = plan.Capacity,
            MaxWorkers = plan.MaximumNumberOfWorkers,
            Cpu = [.. minutes.Select(m => m.CpuPercentage)],
            Memory = [.. minutes.Select(m => m.MemoryPercentage)],
            QueuePerInstance = [.. minutes.Select(m => m.HttpQueueLength)],
            // The kind is a code: only entries written when Seamless set a larger capacity, and of those only the alert fast
            // path's (the sweep's scale-outs are journaled by the plan's scale-in instance).
            ScaleOutsAt = [.. journal.Where(e => e.Kind == "scale-out" && InstanceIds.IsScaleOut(e.InstanceId)).Select(e => e.At)],
        };
    }
}
