using Microsoft.DurableTask;
using Seamless.Core.Canary;
using Seamless.Core.Model;
using Seamless.Core.Notifications;
using Seamless.Core.Resources;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Notifications;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Upgrade;

/// <summary>
/// The release workflow (<see cref="WorkflowNames.UpgradeOrchestrator"/>): validate → lease → config diff → phase 1 → verified warm-up → smoke →
/// canary → approval → swap → guard window → release. It only sequences: every rule is a Core gate,
/// every side effect an idempotent activity. Every failure or abort restores the site (reset the
/// preview, routing to 0 %, or swap back) and says why; a failure before anything was written to the site ends
/// <see cref="UpgradeOutcome.Rejected"/>, since there is nothing to roll back.
/// </summary>
public sealed class UpgradeOrchestrator : TaskOrchestrator<UpgradeInput, UpgradeResult>
{
    /// <inheritdoc />
    public override Task<UpgradeResult> RunAsync(TaskOrchestrationContext context, UpgradeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new UpgradeRun(context, input).ExecuteAsync();
    }
}

/// <summary>
/// One execution of <see cref="UpgradeOrchestrator"/>: the state a replay rebuilds from history. The release is a
/// sequence of named phases, each ending the release or handing over to the next; what the site may have changed is one
/// record (<see cref="SiteChanges"/>), and the restore is the steps <see cref="UpgradeUndo"/> derives from it. Product
/// rules are Core functions (<see cref="UpgradeRules"/>, the gates); this class only sequences.
/// </summary>
internal sealed class UpgradeRun
{
    private static readonly TaskOptions Retry = ActivityRetry.Options(6, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

    private readonly TaskOrchestrationContext _ctx;
    private readonly UpgradeInput _input;
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<VerdictRecord> _verdicts = [];
    private readonly Task<AbortRequest> _abort;
    private string _phase = UpgradePhases.Validating;
    private string _step = "started";

    // What the release may have changed on the site, and the capacity lease it holds (the plan), if any.
    private SiteChanges _changes = SiteChanges.None;
    private string? _leasedPlan;

    // What validation established: set once, read by the later phases.
    private ReleaseFacts? _facts;

    public UpgradeRun(TaskOrchestrationContext ctx, UpgradeInput input)
    {
        _ctx = ctx;
        _input = input;
        _abort = ctx.WaitForExternalEvent<AbortRequest>(WorkflowNames.AbortEvent);
    }

    private DateTimeOffset Now => DurableTime.Now(_ctx);

    private UpgradePolicy Policy => _input.Policy;

    private BuildIdentityPolicy Identity => _input.BuildIdentity ?? BuildIdentityPolicy.Default;

    private ReleaseFacts Facts => _facts ?? throw new InvalidOperationException("The release facts are read before validation established them.");

    public async Task<UpgradeResult> ExecuteAsync()
    {
        UpgradeOutcome outcome;
        string reason;
        await Notify.EnqueueAsync(_ctx, NotificationEvents.UpgradeStarted(_ctx.InstanceId, _input.SiteId, _input.Version, _input.Strategy, Now));
        try
        {
            (outcome, reason) = await RunPhasesAsync();
        }
#pragma warning disable CA1031 // Any failure, not only a failed activity, must restore the site and release the lease.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            string why = Describe(ex);
            Record($"step '{_step}' failed: {why}");
            (outcome, reason) = _changes.Written
                ? await RestoreAsync(UpgradeOutcome.RolledBack, $"{_phase}/{_step} failed: {why}")
                : Reject($"{_phase}/{_step} failed before anything was changed on the site: {why}");
        }

        await FinishAsync(outcome, reason);
        await Notify.EnqueueAsync(_ctx, NotificationEvents.UpgradeFinished(
            _ctx.InstanceId, _input.SiteId, _input.Version, outcome.ToString(), reason, _facts?.Build.Source?.Version, _facts?.Build.Target?.Version, Now));
        var status = Status(outcome, reason, full: true);
        await SaveRecordAsync(status);
        return new UpgradeResult(outcome, reason, UpgradeStatusBudget.Fit(status), _changes.Swapped ? _changes.SwappedAt : null);
    }

    private static string Describe(Exception ex) => ex is TaskFailedException failed
        ? failed.FailureDetails.ErrorMessage
        : $"{ex.GetType().Name}: {ex.Message}";

    /// <summary>Saves the full history; a failure to save it does not change how the release ended.</summary>
    private async Task SaveRecordAsync(UpgradeStatus status)
    {
        try
        {
            await CallAsync<bool>(ActivityNames.SaveUpgradeRecord, new UpgradeRecordUpdate(_ctx.InstanceId, status));
        }
#pragma warning disable CA1031 // The outcome is already decided and published; the record is best effort.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Record($"could not save the upgrade record ({Describe(ex)})");
            _ctx.SetCustomStatus(UpgradeStatusBudget.Fit(Status(status.Outcome, status.Reason)));
        }
    }

    /// <summary>The phases in order; the first that ends the release decides the outcome.</summary>
    private async Task<(UpgradeOutcome, string)> RunPhasesAsync()
    {
        Func<Task<(UpgradeOutcome, string)?>>[] phases =
        [
            ValidateAsync,
            LeaseAsync,
            ConfigDiffAsync,
            PrepareAsync,
            WarmUpAsync,
            SmokeAsync,
            CanaryAsync,
            ApprovalAsync,
        ];
        foreach (var phase in phases)
        {
            if (await phase() is { } end)
            {
                return end;
            }
        }

        // Baseline for the guard window: production before the swap.
        Enter(UpgradePhases.Swapping, "baseline");
        var swapStart = Now;
        var baseline = await CallAsync<SlotMetrics>(ActivityNames.ReadSlotMetrics, new SlotMetricsRequest(_input.SiteId, _input.TargetSlot, swapStart - Policy.GuardWindow, swapStart));
        if (AbortRequested(out var abort))
        {
            return await RestoreAsync(UpgradeOutcome.Aborted, abort);
        }

        return await SwapAsync() ?? await GuardAsync(baseline);
    }

    /// <summary>Allow-list, both slots running, a plan tier with slots, the build identified, no foreign preview pending.</summary>
    private async Task<(UpgradeOutcome, string)?> ValidateAsync()
    {
        Enter(UpgradePhases.Validating, "allow-list");
        if (await CallAsync<string?>(ActivityNames.CheckManaged, _input.SiteId) is { } refusal)
        {
            return Reject(refusal);
        }

        Enter(UpgradePhases.Validating, $"slot '{_input.TargetSlot}'");
        var production = await CallAsync<SiteState>(ActivityNames.GetSite, new SiteRequest(_input.SiteId, _input.TargetSlot));
        Enter(UpgradePhases.Validating, $"slot '{_input.SourceSlot}'");
        var source = await CallAsync<SiteState>(ActivityNames.GetSite, new SiteRequest(_input.SiteId, _input.SourceSlot));
        if (!production.IsRunning || !source.IsRunning)
        {
            return Reject($"both slots must be running (target '{_input.TargetSlot}' is {production.State}, source '{_input.SourceSlot}' is {source.State}).");
        }

        Enter(UpgradePhases.Validating, "plan tier");
        var plan = await CallAsync<PlanState>(ActivityNames.GetPlan, production.ServerFarmId);
        if (UpgradeRules.SlotsUnsupported(plan.SkuTier) is { } noSlots)
        {
            return Reject(noSlots);
        }

        // Build identity: what each slot runs, before anything is written.
        Enter(UpgradePhases.Validating, "build identity");
        var sticky = await CallAsync<SlotConfigNames>(ActivityNames.GetSlotConfigNames, _input.SiteId);
        var build = await IdentifyAsync(sticky);
        _facts = new ReleaseFacts(production.ServerFarmId, source.DefaultHostName, production.LastSwap?.TimestampUtc, build, sticky);
        switch (build.Outcome)
        {
            case BuildIdentityOutcome.AlreadyServing:
                return (UpgradeOutcome.AlreadyServing, build.Message);
            case BuildIdentityOutcome.Proceed or BuildIdentityOutcome.NotChecked:
                break;
            default:
                return Reject(build.Message, VerdictGate.Build, new VerdictDetail(build));
        }

        if (source.TargetSwapSlot is null && production.TargetSwapSlot is null)
        {
            return null;
        }

        var preview = await CallAsync<PreviewRecord?>(ActivityNames.GetPreview, _input.SiteId);
        var pending = UpgradeRules.PendingPreview(
            preview?.Holder, preview?.StartedAt, Now, Policy.StalePreviewAfter, $"'{source.Slot}' → '{source.TargetSwapSlot ?? production.TargetSwapSlot}'");
        if (pending.Action != PendingPreviewAction.Reset)
        {
            return Reject(pending.Message);
        }

        Record(pending.Message);
        _changes = _changes.WithStalePreviewReset();
        await CallAsync<bool>(ActivityNames.ResetSlotConfig, new SiteRequest(_input.SiteId, _input.SourceSlot));
        await CallAsync<bool>(ActivityNames.RecordPreview, new PreviewUpdate(_input.SiteId, null));
        return null;
    }

    /// <summary>Capacity lease: scale-in stays frozen until the release ends.</summary>
    private async Task<(UpgradeOutcome, string)?> LeaseAsync()
    {
        Enter(UpgradePhases.Leasing, "acquire");
        var leaseUntil = Now + Policy.MaximumDuration();
        await CallAsync<bool>(ActivityNames.AcquirePlanLease, new PlanLease(Facts.PlanId, _input.SiteId, _ctx.InstanceId, leaseUntil));
        _leasedPlan = Facts.PlanId;
        Record($"capacity lease on {AzureResourceId.Parse(Facts.PlanId).Name} until {leaseUntil:u}");
        return null;
    }

    /// <summary>Configuration diff (names only).</summary>
    private async Task<(UpgradeOutcome, string)?> ConfigDiffAsync()
    {
        Enter(UpgradePhases.ConfigDiff, "compare");
        var sourceNames = await CallAsync<IReadOnlyList<string>>(ActivityNames.GetAppSettingNames, new SiteRequest(_input.SiteId, _input.SourceSlot));
        var targetNames = await CallAsync<IReadOnlyList<string>>(ActivityNames.GetAppSettingNames, new SiteRequest(_input.SiteId, _input.TargetSlot));
        var diff = ConfigDiff.Compare(sourceNames, targetNames, Facts.Sticky, ConfigDiffPolicy.FromBlocks(Policy.ConfigDiffBlocks));
        Verdict(VerdictGate.ConfigDiff, VerdictOutcomes.Of(diff.Outcome), diff.Message, detail: new VerdictDetail(diff));
        if (diff.Outcome == ConfigDiffOutcome.Block)
        {
            return await RestoreAsync(UpgradeOutcome.Rejected, $"configuration diff blocks the release: {diff.Message}");
        }

        return AbortRequested(out var abort) ? await RestoreAsync(UpgradeOutcome.Aborted, abort) : null;
    }

    /// <summary>Phase 1 of the swap with preview: the target's slot config on the source (restarts it; production untouched).</summary>
    private async Task<(UpgradeOutcome, string)?> PrepareAsync()
    {
        Enter(UpgradePhases.Preparing, "applySlotConfig");
        await CallAsync<bool>(ActivityNames.RecordPreview, new PreviewUpdate(_input.SiteId, new PreviewRecord(_input.SiteId, _input.SourceSlot, _input.TargetSlot, _ctx.InstanceId, Now)));
        _changes = _changes.WithPreview();
        await CallAsync<bool>(ActivityNames.ApplySlotConfig, new SlotPairRequest(_input.SiteId, _input.SourceSlot, _input.TargetSlot));
        Record($"applied {_input.TargetSlot} settings to {_input.SourceSlot}");
        return null;
    }

    /// <summary>Verified warm-up of every instance of the source slot.</summary>
    private async Task<(UpgradeOutcome, string)?> WarmUpAsync()
    {
        Enter(UpgradePhases.WarmingUp, "instances");
        var (verdict, abort) = await WarmLoopAsync(Facts.SourceHost, Policy.Warmup, honourAbort: true);
        if (abort is not null)
        {
            return await RestoreAsync(UpgradeOutcome.Aborted, abort);
        }

        Verdict(VerdictGate.WarmUp, VerdictOutcomes.Judged(verdict!.Outcome), verdict.Message);
        if (verdict.Outcome == WarmupGateOutcome.Warm)
        {
            return null;
        }

        return await RestoreAsync(UpgradeOutcome.Rejected, $"warm-up failed: {verdict.Message}");
    }

    /// <summary>The smoke paths, once, through the source slot.</summary>
    private async Task<(UpgradeOutcome, string)?> SmokeAsync()
    {
        if (Policy.SmokePaths.Count == 0)
        {
            return null;
        }

        Enter(UpgradePhases.Smoke, "probe");
        var smoke = await CallAsync<IReadOnlyList<ProbeObservation>>(ActivityNames.ProbeSlot, new ProbeSlotRequest(Facts.SourceHost, Policy.SmokePaths, [], Policy.Warmup.LatencyBound * 2));
        var verdict = SmokeGate.Evaluate(Policy.SmokePaths, Policy.Warmup.AllowedStatusCodes, smoke);
        Verdict(VerdictGate.Smoke, VerdictOutcomes.Of(verdict.Outcome), verdict.Message);
        return verdict.Outcome == SmokeOutcome.Pass ? null : await RestoreAsync(UpgradeOutcome.Rejected, $"smoke test failed: {verdict.Message}");
    }

    /// <summary>The canary: each routing step held, then judged against production.</summary>
    private async Task<(UpgradeOutcome, string)?> CanaryAsync()
    {
        if (!UpgradeRules.CanaryRuns(Policy, _input.Strategy))
        {
            return null;
        }

        foreach (double step in Policy.Canary.Steps)
        {
            for (int attempt = 0; ; attempt++)
            {
                Enter(UpgradePhases.Canary, $"{step} %");
                await SetRoutingAsync(step);
                var stepStart = Now;
                if (await DelayOrAbortAsync(Policy.Canary.StepInterval) is { } abort)
                {
                    return await RestoreAsync(UpgradeOutcome.Aborted, abort);
                }

                var production = await CallAsync<SlotMetrics>(ActivityNames.ReadSlotMetrics, new SlotMetricsRequest(_input.SiteId, _input.TargetSlot, stepStart, Now));
                var staging = await CallAsync<SlotMetrics>(ActivityNames.ReadSlotMetrics, new SlotMetricsRequest(_input.SiteId, _input.SourceSlot, stepStart, Now));
                var verdict = CanaryJudge.Evaluate(Policy.Canary.Judge, Observations.Compare(production, staging));
                Verdict(VerdictGate.Canary(step), VerdictOutcomes.Of(verdict.Outcome), verdict.Message, verdict.Score, new VerdictDetail(verdict));
                var decision = UpgradeRules.AfterCanaryStep(verdict, step, attempt);
                if (decision.Action == CanaryStepAction.RollBack)
                {
                    return await RestoreAsync(UpgradeOutcome.RolledBack, decision.Reason);
                }

                if (decision.Action == CanaryStepAction.Advance)
                {
                    break;
                }
            }
        }

        return null;
    }

    /// <summary>The manual approval, when the policy requires one.</summary>
    private async Task<(UpgradeOutcome, string)?> ApprovalAsync()
    {
        if (!Policy.Approval.Required)
        {
            return null;
        }

        Enter(UpgradePhases.Approval, "waiting");
        using var cts = new CancellationTokenSource();
        var approve = _ctx.WaitForExternalEvent<ApproveRequest>(WorkflowNames.ApproveEvent, cts.Token);
        var timer = DurableTime.DelayAsync(_ctx, Policy.Approval.Timeout, cts.Token);
        var winner = await Task.WhenAny(approve, timer, _abort);
        CancelTimers(cts);
        if (winner == approve)
        {
            Verdict(VerdictGate.Approval, VerdictOutcome.Pass, $"approved by {Who(approve.Result.ApprovedBy, approve.Result.KeyFingerprint)}");
            return null;
        }

        if (winner == _abort)
        {
            return await RestoreAsync(UpgradeOutcome.Aborted, AbortReason(_abort.Result));
        }

        if (Policy.Approval.OnTimeout == ApprovalTimeoutAction.Proceed)
        {
            Verdict(VerdictGate.Approval, VerdictOutcome.Pass, $"no answer within {Policy.Approval.Timeout}; policy proceeds");
            return null;
        }

        Verdict(VerdictGate.Approval, VerdictOutcome.Fail, $"no approval within {Policy.Approval.Timeout}");
        return await RestoreAsync(UpgradeOutcome.Aborted, $"approval timed out after {Policy.Approval.Timeout}");
    }

    /// <summary>The swap: routing off, the swap itself, and production reporting the released build.</summary>
    private async Task<(UpgradeOutcome, string)?> SwapAsync()
    {
        Enter(UpgradePhases.Swapping, "swap");
        await SetRoutingAsync(0);
        _changes = _changes.WithSwapSent(Facts.LastSwapBefore);
        var swap = await CallAsync<SwapResult>(ActivityNames.SwapSlots, new SwapRequest(_input.SiteId, _input.SourceSlot, _input.TargetSlot, Facts.LastSwapBefore));
        _changes = _changes.WithSwapLanded(swap.Status?.TimestampUtc);
        await CallAsync<bool>(ActivityNames.RecordPreview, new PreviewUpdate(_input.SiteId, null));
        Record(swap.Performed ? $"swapped {_input.SourceSlot} into {_input.TargetSlot}" : "swap had already completed (resumed after a restart)");

        // Production must now report the released build; anything else means the swap moved something else.
        if (Facts.Build is { Outcome: BuildIdentityOutcome.Proceed, Source.Version: { } released })
        {
            var serving = await CallAsync<ObservedBuild>(ActivityNames.ResolveBuild, new BuildRequest(_input.SiteId, _input.TargetSlot, Identity));
            if (!BuildIdentityGate.Matches(Identity, _input.Version, serving.Version))
            {
                string found = serving.Version ?? $"no {Identity.Describe()}";
                Verdict(VerdictGate.Build, VerdictOutcome.Fail, $"after the swap {_input.TargetSlot} reports {found}, not the released {released}");
                return await RestoreAsync(UpgradeOutcome.RolledBack, $"after the swap {_input.TargetSlot} reports {found} ({Identity.Describe()}), not the released {released}");
            }
        }

        return null;
    }

    /// <summary>The guard window: production against its own pre-swap baseline.</summary>
    private async Task<(UpgradeOutcome, string)> GuardAsync(SlotMetrics baseline)
    {
        var swapAt = Now;
        var end = swapAt + Policy.GuardWindow;
        var current = new SlotMetrics([]);
        var readFrom = swapAt;
        string promoted = Facts.Build is { Outcome: BuildIdentityOutcome.Proceed, Source.Version: { } observed }
            ? $"{observed} is serving {_input.TargetSlot} ({Identity.Describe()}, read after the swap)"
            : $"the build from {_input.SourceSlot} is serving {_input.TargetSlot}; it was not identified (requested as '{_input.Version}')";
        while (Now < end)
        {
            Enter(UpgradePhases.Guarding, $"watching until {end:HH:mm:ss}");
            var next = Now + Policy.GuardInterval < end ? Policy.GuardInterval : end - Now;
            if (await DelayOrAbortAsync(next) is { } abort)
            {
                return await RestoreAsync(UpgradeOutcome.Aborted, abort);
            }

            // Production since the swap, read in increments (the last minutes again) rather than whole each time.
            var fresh = await CallAsync<SlotMetrics>(ActivityNames.ReadSlotMetrics, new SlotMetricsRequest(_input.SiteId, _input.TargetSlot, readFrom, Now));
            current = Observations.Merge(current, fresh);
            readFrom = Now - Observations.RereadWindow > swapAt ? Now - Observations.RereadWindow : swapAt;
            var verdict = GuardWindow.Evaluate(Policy.Canary.Judge, Observations.Samples(baseline), Observations.Samples(current));
            Verdict(VerdictGate.Guard, VerdictOutcomes.Of(verdict.Outcome), verdict.Message, verdict.Score, new VerdictDetail(verdict));
            var decision = GuardWindow.Decide(verdict, swapAt, Now, Policy.GuardWindow, Policy.GuardWithoutEvidence);
            switch (decision.Action)
            {
                case GuardAction.SwapBack when decision.Reason == GuardReason.NoEvidence:
                    return await RestoreAsync(UpgradeOutcome.RolledBack, decision.Message);
                case GuardAction.SwapBack:
                    return await RestoreAsync(UpgradeOutcome.RolledBack, $"production degraded after the swap: {verdict.Message}");
                case GuardAction.Complete when decision.Reason == GuardReason.NoEvidence:
                    return (UpgradeOutcome.Promoted, $"{promoted}; {decision.Message}");
                case GuardAction.Complete:
                    return (UpgradeOutcome.Promoted, promoted);
                default:
                    break;
            }
        }

        return (UpgradeOutcome.Promoted, promoted);
    }

    private async Task<(WarmupGateVerdict? Verdict, string? Abort)> WarmLoopAsync(string hostName, WarmupPolicy warmup, bool honourAbort)
    {
        var started = Now;
        var history = new List<ProbeObservation>();
        while (true)
        {
            var instances = await CallAsync<IReadOnlyList<SiteInstance>>(ActivityNames.ListInstances, new SiteRequest(_input.SiteId, _input.SourceSlot));
            var ids = instances.Select(i => i.InstanceId).ToList();
            var observations = await CallAsync<IReadOnlyList<ProbeObservation>>(
                ActivityNames.ProbeSlot,
                new ProbeSlotRequest(hostName, warmup.Paths, ids, warmup.LatencyBound * 2));
            history.AddRange(observations);

            // Keep the history bounded: only the latest passes per instance and path matter.
            int keep = Math.Max(1, ids.Count) * warmup.Paths.Count * (warmup.ConsecutivePasses + 1);
            if (history.Count > keep)
            {
                history.RemoveRange(0, history.Count - keep);
            }

            var verdict = WarmupGate.EvaluateAll(warmup, ids, history, started, Now);
            _step = verdict.Message;
            Publish(new VerdictRecord(Now, _phase, VerdictGate.WarmUp, VerdictOutcomes.Of(verdict.Outcome), verdict.Message));
            if (verdict.Outcome != WarmupGateOutcome.Waiting)
            {
                return (verdict, null);
            }

            if (honourAbort)
            {
                if (await DelayOrAbortAsync(warmup.ProbeInterval) is { } abort)
                {
                    return (null, abort);
                }
            }
            else
            {
                await DurableTime.DelayAsync(_ctx, warmup.ProbeInterval);
            }
        }
    }

    /// <summary>Reads both slots' builds from the configured source and judges them against the request.</summary>
    private async Task<BuildIdentityVerdict> IdentifyAsync(SlotConfigNames sticky)
    {
        ObservedBuild? source = null;
        ObservedBuild? target = null;
        if (Identity.Identifies)
        {
            source = await CallAsync<ObservedBuild>(ActivityNames.ResolveBuild, new BuildRequest(_input.SiteId, _input.SourceSlot, Identity));
            target = await CallAsync<ObservedBuild>(ActivityNames.ResolveBuild, new BuildRequest(_input.SiteId, _input.TargetSlot, Identity));
        }

        var verdict = BuildIdentityGate.Evaluate(Identity, _input.Version, source, target, sticky.AppSettingNames);
        if (verdict.Proceeds || verdict.Outcome == BuildIdentityOutcome.AlreadyServing)
        {
            Verdict(VerdictGate.Build, VerdictOutcomes.Of(verdict.Outcome), verdict.Message, detail: new VerdictDetail(verdict));
        }

        return verdict;
    }

    /// <summary>Restores the site to how it was, whatever phase we are in: the steps follow from what may have changed.</summary>
    private async Task<(UpgradeOutcome, string)> RestoreAsync(UpgradeOutcome outcome, string reason)
    {
        Enter(UpgradePhases.RollingBack, "restore");
        Record(reason);
        try
        {
            while (UpgradeUndo.Next(_changes) is { } step)
            {
                await UndoAsync(step);
            }
        }
#pragma warning disable CA1031 // Whatever failed, the operator must hear what is left to do.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (UpgradeOutcome.Failed, $"{reason}; restoring the site failed too ({Describe(ex)}) — check routing, slot config and the last swap by hand");
        }

        return (outcome, reason);
    }

    private async Task UndoAsync(UndoStep step)
    {
        switch (step)
        {
            case UndoStep.RoutingOff:
                await SetRoutingAsync(0);
                break;

            case UndoStep.CheckSwapLanded:
                // A newer last swap than before our swap step means it landed although its step failed.
                var production = await CallAsync<SiteState>(ActivityNames.GetSite, new SiteRequest(_input.SiteId, _input.TargetSlot));
                if (production.LastSwap is { } last && last.TimestampUtc != _changes.LastSwapBefore)
                {
                    Record("the swap reached production although its step failed; swapping back");
                    _changes = _changes.WithSwapLanded(last.TimestampUtc);
                }
                else
                {
                    _changes = _changes.WithSwapNotLanded();
                }

                break;

            case UndoStep.SwapBack:
                // The previous build now sits in the source slot and was restarted by the swap: prepare it with the
                // target's settings and warm it (bounded) before it takes production traffic again.
                await CallAsync<bool>(ActivityNames.ApplySlotConfig, new SlotPairRequest(_input.SiteId, _input.SourceSlot, _input.TargetSlot));
                var (warm, _) = await WarmLoopAsync(Facts.SourceHost, UpgradeRules.RestoreWarmup(Policy.Warmup), honourAbort: false);
                Record(warm!.Outcome == WarmupGateOutcome.Warm
                    ? "previous build warmed for the swap back"
                    : $"swapping back without a full warm-up ({warm.Message}): a degraded production must not wait longer");
                var back = await CallAsync<SwapResult>(ActivityNames.SwapSlots, new SwapRequest(_input.SiteId, _input.SourceSlot, _input.TargetSlot, _changes.SwappedAt));
                Record(back.Performed ? "swapped back: the previous build serves production again" : "swap back had already completed");
                _changes = _changes.WithSwappedBack();
                break;

            case UndoStep.ResetPreview:
                await CallAsync<bool>(ActivityNames.ResetSlotConfig, new SiteRequest(_input.SiteId, _input.SourceSlot));
                await CallAsync<bool>(ActivityNames.RecordPreview, new PreviewUpdate(_input.SiteId, null));
                _changes = _changes.WithPreviewReset();
                Record($"reset the swap with preview on {_input.SourceSlot}");
                break;
        }
    }

    private async Task FinishAsync(UpgradeOutcome outcome, string reason)
    {
        _phase = UpgradePhases.Done;
        _step = outcome.ToString();
        Record($"{outcome}: {reason}");
        try
        {
            if (_leasedPlan is not null)
            {
                await CallAsync<bool>(ActivityNames.ReleasePlanLease, new ReleaseRequest(_leasedPlan, _input.SiteId, _ctx.InstanceId));
            }

            await CallAsync<bool>(ActivityNames.ReleaseSiteLock, new ReleaseRequest(null, _input.SiteId, _ctx.InstanceId));
        }
#pragma warning disable CA1031 // Leases expire on their own; say so rather than fail a finished release.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Record($"could not release the lease now ({Describe(ex)}); it expires on its own");
        }

        _ctx.SetCustomStatus(UpgradeStatusBudget.Fit(Status(outcome, reason)));
    }

    private async Task SetRoutingAsync(double percentage)
    {
        if (_changes.Routing == 0 && percentage == 0)
        {
            return;
        }

        // Recorded before the call: a rule that lands while its activity fails for good must still be removed
        // (the write is absolute, so routing to 0 % on restore is always safe).
        _changes = _changes.WithRouting(percentage);
        await CallAsync<double>(ActivityNames.SetRouting, new RoutingRequest(_input.SiteId, _input.SourceSlot, percentage));
        _changes = _changes.RoutedAt(percentage);
        Record($"routing {percentage} % of production traffic to {_input.SourceSlot}");
    }

    /// <summary>Waits for a durable timer unless an abort arrives first; returns the abort reason.</summary>
    private async Task<string?> DelayOrAbortAsync(TimeSpan delay)
    {
        if (_abort.IsCompleted)
        {
            return AbortReason(_abort.Result);
        }

        using var cts = new CancellationTokenSource();
        var timer = DurableTime.DelayAsync(_ctx, delay, cts.Token);
        if (await Task.WhenAny(timer, _abort) == _abort)
        {
            CancelTimers(cts);
            return AbortReason(_abort.Result);
        }

        return null;
    }

    /// <summary>
    /// Cancels pending durable timers and waiters synchronously. Never <c>await cts.CancelAsync()</c>
    /// in an orchestrator: it resumes on the thread pool, outside the episode, and the engine drops
    /// that continuation, leaving the instance running forever.
    /// </summary>
    private static void CancelTimers(CancellationTokenSource cts)
    {
#pragma warning disable CA1849 // Synchronous on purpose: orchestrator code must stay on the episode's thread.
        cts.Cancel();
#pragma warning restore CA1849
    }

    private bool AbortRequested(out string reason)
    {
        reason = _abort.IsCompleted ? AbortReason(_abort.Result) : string.Empty;
        return _abort.IsCompleted;
    }

    private static string AbortReason(AbortRequest request) =>
        request.By is null && request.KeyFingerprint is null
            ? $"aborted by {request.Source}: {request.Reason}"
            : $"aborted by {request.Source} ({Who(request.By, request.KeyFingerprint)}): {request.Reason}";

    /// <summary>Names who answered: the free-text name they gave and the fingerprint of the key they used.</summary>
    private static string Who(string? by, string? keyFingerprint) => (by, keyFingerprint) switch
    {
        (null, null) => "an operator",
        (null, { } key) => $"an operator with key {key}",
        ({ } name, null) => name,
        ({ } name, { } key) => $"{name} with key {key}",
    };

    private (UpgradeOutcome, string) Reject(string reason, VerdictGate? gateName = null, VerdictDetail? detail = null)
    {
        var gate = gateName ?? _phase switch
        {
            UpgradePhases.Leasing => VerdictGate.Lease,
            UpgradePhases.ConfigDiff => VerdictGate.ConfigDiff,
            _ => VerdictGate.Validation,
        };
        Verdict(gate, VerdictOutcome.Fail, reason, detail: detail);
        return (UpgradeOutcome.Rejected, reason);
    }

    private Task<T> CallAsync<T>(string name, object? input) => _ctx.CallActivityAsync<T>(name, input, Retry);

    private void Enter(string phase, string step)
    {
        _phase = phase;
        _step = step;
        Publish();
    }

    private void Record(string message)
    {
        _timeline.Add(new TimelineEntry(Now, _phase, message));
        Publish();
    }

    private void Verdict(VerdictGate gate, VerdictOutcome outcome, string message, double? score = null, VerdictDetail? detail = null)
    {
        var verdict = new VerdictRecord(Now, _phase, gate, outcome, message, score, detail);
        _verdicts.Add(verdict);
        _timeline.Add(new TimelineEntry(Now, _phase, $"{gate}: {outcome} — {message}"));
        Publish();
    }

    /// <summary>Publishes the status, bounded (the full history stays in memory for the upgrade record).</summary>
    private void Publish(VerdictRecord? latest = null)
    {
        var status = Status(null, null);
        _ctx.SetCustomStatus(UpgradeStatusBudget.Fit(latest is null ? status : status with { LatestVerdict = latest }));
    }

    /// <summary>
    /// The status: for publishing, only the tails the budget keeps (the custom status is set many times per
    /// episode and on every replay, so it must not cost the whole history); in full for the upgrade record.
    /// </summary>
    private UpgradeStatus Status(UpgradeOutcome? outcome, string? reason, bool full = false) => new(
        _input.SiteId,
        _input.Version,
        _phase,
        _step,
        _verdicts.Count == 0 ? null : _verdicts[^1],
        _changes.Routing,
        outcome,
        reason,
        Tail(_timeline, full ? _timeline.Count : UpgradeStatusBudget.RecentTimeline),
        Tail(_verdicts, full ? _verdicts.Count : UpgradeStatusBudget.RecentVerdicts),
        _timeline.Count,
        _verdicts.Count,
        _facts?.Build);

    private static List<T> Tail<T>(List<T> list, int count) =>
        list.Count <= count ? [.. list] : list.GetRange(list.Count - count, count);
}

/// <summary>What validation established about the release, read by every later phase.</summary>
/// <param name="PlanId">The plan both slots run on (the capacity lease's).</param>
/// <param name="SourceHost">The source slot's host name (probes).</param>
/// <param name="LastSwapBefore">Production's last swap before the release (a newer one means ours landed).</param>
/// <param name="Build">What the slots were observed to run.</param>
/// <param name="Sticky">The site's slot (sticky) setting names.</param>
internal sealed record ReleaseFacts(string PlanId, string SourceHost, DateTimeOffset? LastSwapBefore, BuildIdentityVerdict Build, SlotConfigNames Sticky);
