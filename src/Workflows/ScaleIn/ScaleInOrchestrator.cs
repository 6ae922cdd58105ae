using System.Globalization;
using Microsoft.DurableTask;
using Seamless.Core.Model;
using Seamless.Core.Notifications;
using Seamless.Core.Resources;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Notifications;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.State;

namespace Seamless.Workflows.ScaleIn;

/// <summary>
/// One evaluation of one plan (instance <c>scale-in:{plan}</c>): read guards, capacity and metrics,
/// let the pure evaluator decide, journal it, and when it says so remove one step, verify it
/// against the pre-step baseline, and revert and veto on harm.
/// </summary>
public sealed class ScaleInOrchestrator : TaskOrchestrator<ScaleInInput, ScaleInResult>
{
    /// <summary>
    /// Azure Monitor publishes a minute's platform metrics a little after it ends; the evaluation
    /// window ends this long before the current (incomplete) minute so it never reads a bucket that
    /// is still filling and mistakes it for missing data.
    /// </summary>
    public static readonly TimeSpan MetricLag = TimeSpan.FromMinutes(1);

    private static readonly TaskOptions Retry = ActivityRetry.Options(5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

    /// <summary>The orchestrator body registered as <see cref="WorkflowNames.ScaleInOrchestrator"/>.</summary>
    public override async Task<ScaleInResult> RunAsync(TaskOrchestrationContext context, ScaleInInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var policy = input.Policy;
        var now = DurableTime.Now(context);
        context.SetCustomStatus(new ScaleInStatus("evaluating", "reading guards, capacity and metrics", null));

        var guards = await Call<PlanGuards>(context, ActivityNames.GetPlanGuards, new PlanGuardsRequest(input.PlanId, now));
        var plan = await Call<PlanState>(context, ActivityNames.GetPlan, input.PlanId);
        var history = await Call<CapacityHistory>(context, ActivityNames.ObserveCapacity, new CapacityObservation(input.PlanId, plan.Capacity, now, SetBySeamless: false));
        if (history.ChangedOutsideSeamless)
        {
            await Journal(context, input.PlanId, now, "manual-change", $"capacity changed outside Seamless: {history.PreviousCapacity} → {plan.Capacity}; cooldown restarts", null, new CapacityChange(now, CapacityChangeKind.Manual, history.PreviousCapacity ?? plan.Capacity, plan.Capacity));
        }

        var windowEnd = WindowEnd(now);
        var window = await Call<PlanMetrics>(context, ActivityNames.ReadPlanMetrics, new PlanMetricsRequest(input.PlanId, windowEnd - policy.Window, windowEnd));
        var seasonal = SeasonalWindows(input.PlanId, policy, now);
        var yesterday = seasonal is { } y ? await Call<PlanMetrics>(context, ActivityNames.ReadPlanMetrics, y.Yesterday) : null;
        var lastWeek = seasonal is { } w ? await Call<PlanMetrics>(context, ActivityNames.ReadPlanMetrics, w.LastWeek) : null;
        var journal = await Call<IReadOnlyList<JournalEntry>>(context, ActivityNames.ReadJournal, new JournalQuery(input.PlanId, 100));
        var drain = await Call<DrainFacts>(context, ActivityNames.ReadDrainFacts, DrainRequest(input.PlanId, now, policy));
        var headroom = HeadroomRequestFor(input.PlanId, policy, input.SweepInterval, plan, now) is { } learn ? await Call<HeadroomReading>(context, ActivityNames.LearnHeadroom, learn) : null;

        var decision = ScaleInEvaluator.Evaluate(BuildContext(input, now, plan, guards, history, window, yesterday, lastWeek, journal, drain, headroom?.Estimate), policy);
        // The operator stated the promise; a turn of it is news (once per turn: the promise as told rides on each decision).
        var told = PromiseTold(journal);
        var turn = input.DryRun ? null : PromiseWatch.Between(told, decision.Headroom?.Promise, decision.Headroom?.MinimumToKeepBudget, decision.Headroom is { PromiseFloor: { } floor, PromiseFloorUntil: { } until } ? (floor, until) : null);
        decision = decision with { PromiseKept = input.DryRun ? told : PromiseWatch.Told(told, turn, decision.Headroom?.Promise) };
        context.SetCustomStatus(new ScaleInStatus("decided", decision.Message, decision));
        await Journal(context, input.PlanId, now, "decision", $"{decision.Action}: {decision.Message}", decision);
        if (turn is not null)
        {
            await Journal(context, input.PlanId, now, "promise", turn.Message, turn);
            await Notify.EnqueueAsync(context, NotificationEvents.Promise(context.InstanceId, input.PlanId, turn, now));
        }

        if (PreScaleTarget(decision, plan, guards, policy) is { } ahead && !input.DryRun)
        {
            // Ahead of the rise: the learned headroom (or the same time yesterday / last week) needs more instances
            // than the plan has; add them now so they serve before the demand arrives.
            return await ScaleOutAsync(context, input.PlanId, decision, plan.Capacity, ahead, decision.Headroom!, $"scaled out ahead of demand {plan.Capacity} → {ahead}: {decision.Headroom!.Summary}");
        }
        if (decision.Action == ScaleInAction.Hold || input.DryRun)
        {
            string outcome = decision.Action == ScaleInAction.Hold ? "held" : "dry-run";
            context.SetCustomStatus(new ScaleInStatus("done", decision.Message, decision));
            return new ScaleInResult(outcome, decision.Message, decision, null);
        }

        // Baseline of what users experience before the step.
        var sites = await SitesOnPlanAsync(context, input);
        var baseline = await SampleAsync(context, input.PlanId, sites, now - policy.VerifyWindow, now);

        context.SetCustomStatus(new ScaleInStatus("acting", $"scaling in {plan.Capacity} → {decision.ToCapacity}", decision));
        // Written only while the plan still has the capacity decided on: an alert's scale-out (or an operator) since then
        // stands, and this step is not taken from a size the plan no longer has.
        var written = await Call<PlanState>(context, ActivityNames.SetPlanCapacity, new CapacityRequest(input.PlanId, decision.ToCapacity, decision.FromCapacity));
        if (written.Capacity != decision.ToCapacity)
        {
            return await SupersededAsync(context, input.PlanId, decision, written.Capacity, $"not scaled in {decision.FromCapacity} → {decision.ToCapacity}");
        }

        var stepAt = DurableTime.Now(context);
        await Call<CapacityHistory>(context, ActivityNames.ObserveCapacity, new CapacityObservation(input.PlanId, decision.ToCapacity, stepAt, SetBySeamless: true));
        await Journal(context, input.PlanId, stepAt, "scale-in", $"scaled in {decision.FromCapacity} → {decision.ToCapacity}", decision, new CapacityChange(stepAt, CapacityChangeKind.ScaleIn, decision.FromCapacity, decision.ToCapacity));

        // Verification window, watched by the learned headroom at the sweep cadence (the sweep itself is held meanwhile).
        context.SetCustomStatus(new ScaleInStatus("verifying", $"watching for {policy.VerifyWindow} after the step", decision));
        if (await WatchAsync(context, input, plan with { Capacity = decision.ToCapacity }, decision, stepAt) is { } grown)
        {
            return grown;
        }

        var verifyAt = DurableTime.Now(context);
        var after = await SampleAsync(context, input.PlanId, sites, stepAt, verifyAt);
        var verdict = ScaleInVerification.Evaluate(baseline, after, policy);
        if (verdict.Outcome == VerificationOutcome.Keep)
        {
            await Journal(context, input.PlanId, verifyAt, "verified", verdict.Message, verdict);
            context.SetCustomStatus(new ScaleInStatus("done", $"kept the step {decision.FromCapacity} → {decision.ToCapacity}: {verdict.Message}", decision));
            await Notify.EnqueueAsync(context, NotificationEvents.ScaleInFinished(context.InstanceId, input.PlanId, "scaled-in", decision.FromCapacity, decision.ToCapacity, verdict.Message, verifyAt));
            return new ScaleInResult("scaled-in", verdict.Message, decision, verdict);
        }

        context.SetCustomStatus(new ScaleInStatus("reverting", verdict.Message, decision));
        var veto = new ScaleInVeto(input.PlanId, verifyAt + policy.RevertVeto, $"a scale-in step hurt users: {verdict.Message}", context.InstanceId);
        // The alert fast path (or an operator) may have grown the plan during the window: a revert never lowers it.
        var current = await Call<PlanState>(context, ActivityNames.GetPlan, input.PlanId);
        var write = current.Capacity < decision.FromCapacity;
        if (write)
        {
            // Written only while the plan still has what was just read: a change made in between stands.
            var restored = await Call<PlanState>(context, ActivityNames.SetPlanCapacity, new CapacityRequest(input.PlanId, decision.FromCapacity, current.Capacity));
            if (restored.Capacity == decision.FromCapacity)
            {
                await Call<CapacityHistory>(context, ActivityNames.ObserveCapacity, new CapacityObservation(input.PlanId, decision.FromCapacity, verifyAt, SetBySeamless: true));
            }
            else
            {
                write = false;
                current = restored;
            }
        }

        await Call<bool>(context, ActivityNames.SetVeto, new VetoUpdate(input.PlanId, veto));
        var reverted = write
            ? $"reverted to {decision.FromCapacity} and vetoed scale-in until {veto.Until:u}: {verdict.Message}"
            : current.Capacity >= decision.FromCapacity
                ? $"the plan already has {current.Capacity} instances (≥ {decision.FromCapacity} before the step; grown during the window), so nothing is written; vetoed scale-in until {veto.Until:u}: {verdict.Message}"
                : $"the plan's capacity changed to {current.Capacity} while the revert to {decision.FromCapacity} was written (an operator or an alert's scale-out); that change stands; vetoed scale-in until {veto.Until:u}: {verdict.Message}";
        await Journal(context, input.PlanId, verifyAt, "reverted", reverted, verdict, write ? new CapacityChange(verifyAt, CapacityChangeKind.Revert, current.Capacity, decision.FromCapacity) : null);
        context.SetCustomStatus(new ScaleInStatus("done", $"reverted: {verdict.Message}", decision));
        await Notify.EnqueueAsync(context, NotificationEvents.ScaleInFinished(context.InstanceId, input.PlanId, "reverted", decision.FromCapacity, decision.ToCapacity, verdict.Message, verifyAt));
        return new ScaleInResult("reverted", verdict.Message, decision, verdict);
    }

    /// <summary>
    /// Waits out the verification window. With learned headroom the window is cut into sweep intervals and the headroom
    /// re-read after each: demand that outgrew the smaller plan ends the window with a scale-out
    /// (<see cref="ScaleInVerification.DemandOutgrewStep"/>) from the capacity the plan has then — the alert fast path may
    /// have grown it meanwhile, and a target it already meets is no scale-out — journaled and notified; null when the window passed.
    /// </summary>
    private static async Task<ScaleInResult?> WatchAsync(TaskOrchestrationContext context, ScaleInInput input, PlanState after, ScaleInDecision decision, DateTimeOffset stepAt)
    {
        var policy = input.Policy;
        var end = stepAt + policy.VerifyWindow;
        var tick = input.SweepInterval ?? ScaleInOptions.DefaultSweepInterval;
        if (policy.Headroom != HeadroomMode.Learned || tick <= TimeSpan.Zero)
        {
            await DurableTime.WaitUntilAsync(context, end.UtcDateTime);
            return null;
        }

        var max = MaxCapacity(policy, after);
        for (var now = DurableTime.Now(context); now < end; now = DurableTime.Now(context))
        {
            await DurableTime.WaitUntilAsync(context, (now + tick < end ? now + tick : end).UtcDateTime);
            var at = DurableTime.Now(context);
            HeadroomReading reading;
            try
            {
                reading = await Call<HeadroomReading>(context, ActivityNames.LearnHeadroom, HeadroomRequestFor(input.PlanId, policy, input.SweepInterval, after, at)!);
            }
            catch (TaskFailedException)
            {
                // No reading, no action: the window goes on and ends with the users' verdict, as without learned headroom.
                continue;
            }

            if (ScaleInVerification.DemandOutgrewStep(reading.Estimate, decision.FromCapacity, decision.ToCapacity, max) is not { } target)
            {
                continue;
            }

            // The alert fast path (or an operator) may have grown the plan meanwhile: scale out only above what it has now.
            var current = (await Call<PlanState>(context, ActivityNames.GetPlan, input.PlanId)).Capacity;
            if (current >= target)
            {
                continue;
            }

            return await ScaleOutAsync(context, input.PlanId, decision, current, target, reading.Estimate!, $"demand outgrew the step {decision.FromCapacity} → {decision.ToCapacity} while it was verified; scaled out {current} → {target}: {reading.Estimate!.Summary}");
        }

        return null;
    }

    /// <summary>
    /// Ends without a change because the plan's capacity changed between the decision and its write (the write found
    /// <paramref name="current"/> instances, not the ones decided on): someone else's change (an alert's scale-out, an
    /// operator) stands, journaled as <c>superseded</c>; the next sweep decides from the plan as it is.
    /// </summary>
    private static async Task<ScaleInResult> SupersededAsync(TaskOrchestrationContext context, string planId, ScaleInDecision decision, int current, string what)
    {
        var at = DurableTime.Now(context);
        string why = $"{what}: the plan has {current} instance(s), changed since the decision (an alert's scale-out or an operator); that change stands and the next sweep decides from it";
        await Journal(context, planId, at, "superseded", why, decision);
        context.SetCustomStatus(new ScaleInStatus("done", why, decision));
        return new ScaleInResult("superseded", why, decision, null);
    }

    /// <summary>Scales out because the learned headroom needs more instances: the write, the capacity record, the journal entry (typed change) and the notification.</summary>
    private static async Task<ScaleInResult> ScaleOutAsync(TaskOrchestrationContext context, string planId, ScaleInDecision decision, int from, int to, HeadroomEstimate headroom, string why)
    {
        context.SetCustomStatus(new ScaleInStatus("acting", $"scaling out {from} → {to}", decision));
        var written = await Call<PlanState>(context, ActivityNames.SetPlanCapacity, new CapacityRequest(planId, to, from));
        if (written.Capacity != to)
        {
            return await SupersededAsync(context, planId, decision, written.Capacity, $"not scaled out {from} → {to}");
        }

        var outAt = DurableTime.Now(context);
        await Call<CapacityHistory>(context, ActivityNames.ObserveCapacity, new CapacityObservation(planId, to, outAt, SetBySeamless: true));
        await Journal(context, planId, outAt, "scale-out", why, headroom, new CapacityChange(outAt, CapacityChangeKind.ScaleOut, from, to));
        context.SetCustomStatus(new ScaleInStatus("done", why, decision));
        await Notify.EnqueueAsync(context, NotificationEvents.ScaleOut(context.InstanceId, planId, from, to, why, outAt));
        return new ScaleInResult("scaled-out", why, decision, null);
    }

    /// <summary>
    /// The windows the fixed seasonal guard reads: the same time yesterday and a week ago over the seasonal horizon.
    /// Null with learned headroom: the guard gives way to the learner's seasonal term (<see cref="ScaleInEvaluator"/>'s
    /// seasonal rule), which reads the learning ledger, so Azure Monitor is not asked for them.
    /// </summary>
    public static (PlanMetricsRequest Yesterday, PlanMetricsRequest LastWeek)? SeasonalWindows(string planId, ScaleInPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Headroom == HeadroomMode.Learned
            ? null
            : (new PlanMetricsRequest(planId, now.AddDays(-1), now.AddDays(-1) + policy.SeasonalHorizon), new PlanMetricsRequest(planId, now.AddDays(-7), now.AddDays(-7) + policy.SeasonalHorizon));
    }

    /// <summary>The most instances Seamless may give the plan: the policy's maximum, or the plan's worker limit when lower.</summary>
    public static int MaxCapacity(ScaleInPolicy policy, PlanState plan)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(plan);
        return plan.MaximumNumberOfWorkers > 0 ? Math.Min(policy.Max, plan.MaximumNumberOfWorkers) : policy.Max;
    }

    /// <summary>Builds the evaluator's input from what the activities read (pure).</summary>
    public static ScaleInContext BuildContext(
        ScaleInInput input,
        DateTimeOffset now,
        PlanState plan,
        PlanGuards guards,
        CapacityHistory history,
        PlanMetrics window,
        PlanMetrics? yesterday,
        PlanMetrics? lastWeek,
        IReadOnlyList<JournalEntry> journal,
        DrainFacts? drain = null,
        HeadroomEstimate? headroom = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(guards);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(journal);
        var windowEnd = WindowEnd(now);
        var minutes = ExpectedMinutes(windowEnd - input.Policy.Window, windowEnd);
        var byTime = window.Minutes.ToDictionary(m => m.Timestamp);
        var samples = minutes.Select(t => byTime.GetValueOrDefault(t)).ToList();
        var instances = window.Instances
            .Select(i => new InstanceCpu(i.InstanceId, i.CpuPercentage.LastOrDefault(v => v is not null), i.CpuPercentage.Where(v => v is not null).DefaultIfEmpty(null).Max()))
            .ToList();
        var unhealthy = ScaleInHistory.UnhealthyInstances(
            plan.Capacity,
            [.. window.Instances.Select(i => new InstanceReport(i.InstanceId, i.CpuPercentage.Count > 0, i.CpuPercentage.Count > 0 && i.CpuPercentage[^1] is null))]);
        var changes = CapacityChanges(journal);
        var recent = ScaleInHistory.RecentScaleIns(changes, now, input.Policy.RateLimitPeriod);
        var lastChange = ScaleInHistory.LastChangeAt(changes.Where(c => c.Kind != CapacityChangeKind.Manual), history.LastChangeAt);
        var lease = guards.Leases.Count > 0 ? guards.Leases[0] : null;
        return new ScaleInContext
        {
            PlanId = input.PlanId,
            Now = now,
            Capacity = plan.Capacity,
            MaxWorkers = plan.MaximumNumberOfWorkers,
            ZoneRedundant = plan.ZoneRedundant,
            Samples = new SignalSamples(
                [.. samples.Select(s => s?.CpuPercentage)],
                [.. samples.Select(s => s?.MemoryPercentage)],
                [.. samples.Select(s => s?.HttpQueueLength)]),
            PerInstanceCpu = instances,
            UnhealthyInstances = unhealthy,
            LastCapacityChangeAt = lastChange,
            RecentScaleIns = recent,
            VetoActive = guards.Veto is not null,
            VetoUntil = guards.Veto?.Until,
            VetoReason = guards.Veto?.Reason,
            LeaseHeld = lease is not null,
            LeaseHolder = lease?.Holder,
            Seasonal = new SeasonalPeaks(BusyPeak(yesterday), BusyPeak(lastWeek)),
            Headroom = headroom,
            Drain = drain,
        };
    }

    /// <summary>
    /// What the learned headroom reads: the learning window plus a week (the seasonal term) of per-minute demand,
    /// ending where the evaluation window ends; null in fixed-headroom mode. Takes the parts rather than a
    /// <see cref="ScaleInInput"/>: the scale-out path has none and asks for the same learning as the sweep.
    /// </summary>
    /// <param name="planId">The plan's resource id.</param>
    /// <param name="policy">The policy in force (its headroom mode, learning window and bounds).</param>
    /// <param name="sweepInterval">The sweep interval, or null for <see cref="ScaleInOptions.DefaultSweepInterval"/>.</param>
    /// <param name="plan">The plan as read now.</param>
    /// <param name="now">The orchestration time.</param>
    public static HeadroomRequest? HeadroomRequestFor(string planId, ScaleInPolicy policy, TimeSpan? sweepInterval, PlanState plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(planId);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(plan);
        if (policy.Headroom != HeadroomMode.Learned)
        {
            return null;
        }

        var end = WindowEnd(now);
        var max = MaxCapacity(policy, plan);
        var settings = HeadroomSettings.For(policy, sweepInterval ?? ScaleInOptions.DefaultSweepInterval, policy.FloorFor(plan.ZoneRedundant), max);
        var step = ScaleOutStep.For(policy, max);
        var saturation = new SaturationStep(policy.ScaleOutQueuePerInstance, step.From(plan.Capacity)) { Ordered = plan.Capacity, Step = step };
        return new HeadroomRequest(planId, end - policy.LearningWindow - TimeSpan.FromMinutes(DemandHistory.SeasonalLookBacks[^1]), end, settings, saturation);
    }

    /// <summary>
    /// The capacity to scale out to ahead of demand: the learned headroom requires more than the plan has, no release
    /// holds the capacity lease, and the plan may grow (the policy's and the plan's maximum). Null otherwise.
    /// </summary>
    public static int? PreScaleTarget(ScaleInDecision decision, PlanState plan, PlanGuards guards, ScaleInPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(guards);
        ArgumentNullException.ThrowIfNull(policy);
        if (decision.Headroom is not { } headroom || guards.Leases.Count > 0)
        {
            return null;
        }

        var max = MaxCapacity(policy, plan);
        var target = Math.Min(max, headroom.Required);
        return target > plan.Capacity ? target : null;
    }

    /// <summary>
    /// The drain lookback: the session idle time (a site with affinity and a request within it still has sessions)
    /// or the evaluation window if longer, ending where the evaluation window ends.
    /// </summary>
    public static DrainFactsRequest DrainRequest(string planId, DateTimeOffset now, ScaleInPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var end = WindowEnd(now);
        var lookback = policy.SessionIdle > policy.Window ? policy.SessionIdle : policy.Window;
        return new DrainFactsRequest(planId, end - lookback, end);
    }

    /// <summary>Peak "busy instances" (Σ CPU% / 100 over instances) in a window; null without data.</summary>
    public static double? BusyPeak(PlanMetrics? metrics) =>
        metrics is null ? null : HeadroomReader.Busy(metrics).Max();

    /// <summary>The end of the evaluation window: the start of the current minute, less the publication lag.</summary>
    public static DateTimeOffset WindowEnd(DateTimeOffset now) =>
        new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero) - MetricLag;

    private static List<DateTimeOffset> ExpectedMinutes(DateTimeOffset from, DateTimeOffset to)
    {
        var start = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, from.Minute, 0, TimeSpan.Zero);
        var list = new List<DateTimeOffset>();
        for (var t = start; t < to; t = t.AddMinutes(1))
        {
            list.Add(t);
        }

        return list;
    }

    /// <summary>
    /// The capacity changes the journal records. Entries written before changes were typed carry none: a Seamless step
    /// among them counts as one instance removed (the rate limit's smallest step) and changes the capacity at its time.
    /// </summary>
    public static IReadOnlyList<CapacityChange> CapacityChanges(IReadOnlyList<JournalEntry> journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        return [.. journal.Select(e => e.Change ?? e.Kind switch
        {
            "scale-in" => new CapacityChange(e.At, CapacityChangeKind.ScaleIn, 1, 0),
            "reverted" => new CapacityChange(e.At, CapacityChangeKind.Revert, 0, 1),
            "scale-out" => new CapacityChange(e.At, CapacityChangeKind.ScaleOut, 0, 1),
            _ => null,
        }).OfType<CapacityChange>()];
    }

    private static async Task<IReadOnlyList<string>> SitesOnPlanAsync(TaskOrchestrationContext context, ScaleInInput input)
    {
        var result = new List<string>();
        foreach (string site in input.Sites)
        {
            var state = await Call<SiteState>(context, ActivityNames.GetSite, new SiteRequest(site, SlotNames.Production));
            if (AzureResourceId.TryParse(state.ServerFarmId, out _) is { } farm && farm.Equals(AzureResourceId.Parse(input.PlanId)))
            {
                result.Add(site);
            }
        }

        return result;
    }

    private static async Task<VerificationSample> SampleAsync(TaskOrchestrationContext context, string planId, IReadOnlyList<string> sites, DateTimeOffset from, DateTimeOffset to)
    {
        double requests = 0, errors = 0, latencyWeighted = 0, latencyWeight = 0;
        foreach (string site in sites)
        {
            var m = await Call<SlotMetrics>(context, ActivityNames.ReadSlotMetrics, new SlotMetricsRequest(site, SlotNames.Production, from, to));
            foreach (var minute in m.Minutes)
            {
                requests += minute.Requests ?? 0;
                errors += minute.Http5xx ?? 0;
                if (minute.ResponseTimeSeconds is { } rt && minute.Requests is > 0)
                {
                    latencyWeighted += rt * 1000 * minute.Requests.Value;
                    latencyWeight += minute.Requests.Value;
                }
            }
        }

        var planMetrics = await Call<PlanMetrics>(context, ActivityNames.ReadPlanMetrics, new PlanMetricsRequest(planId, from, to));
        var cpu = planMetrics.Minutes.Where(x => x.CpuPercentage is not null).Select(x => x.CpuPercentage!.Value).ToList();
        return new VerificationSample(
            requests > 0 ? errors * 100 / requests : null,
            latencyWeight > 0 ? latencyWeighted / latencyWeight : null,
            cpu.Count > 0 ? cpu.Average() : null);
    }

    /// <summary>
    /// The promise as last told: what the plan's latest decision that knew it carried (the journal is read before this
    /// sweep's decision is added); a decision journaled before the promise was carried tells it by its account.
    /// </summary>
    private static bool? PromiseTold(IReadOnlyList<JournalEntry> journal) =>
        journal.Select(DecisionJournal.DecisionOf).LastOrDefault(d => d?.PromiseKept is not null || d?.Headroom?.Promise is { Minutes: > 0 }) is { } last
            ? last.PromiseKept ?? last.Headroom!.Promise!.Kept
            : null;

    private static Task<bool> Journal(TaskOrchestrationContext context, string planId, DateTimeOffset at, string kind, string summary, object? detail, CapacityChange? change = null) =>
        Call<bool>(context, ActivityNames.AppendJournal, new JournalEntry(planId, at, kind, summary, context.InstanceId, detail, change));

    private static Task<T> Call<T>(TaskOrchestrationContext context, string name, object? input) =>
        context.CallActivityAsync<T>(name, input, Retry);
}
