using Microsoft.DurableTask;
using Seamless.Core.Canary;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;
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

/// <summary>One execution of <see cref="UpgradeOrchestrator"/>: the state a replay rebuilds from history.</summary>
internal sealed class UpgradeRun
{
    private static readonly TaskOptions Retry = ActivityRetry.Options(6, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

    /// <summary>The longest a swap back waits for the previous build to warm.</summary>
    private static readonly TimeSpan RestoreWarmupLimit = TimeSpan.FromMinutes(3);

    private readonly TaskOrchestrationContext _ctx;
    private readonly UpgradeInput _input;
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<VerdictRecord> _verdicts = [];
    private readonly Task<AbortRequest> _abort;
    private string _phase = UpgradePhases.Validating;
    private string _step = "started";
    private double _routing;
    private bool _previewApplied;
    private SwapResult? _swap;
    private bool _swapSent;
    private DateTimeOffset? _lastSwapBefore;
    private string? _planId;
    private bool _leased;

    // Set before the first write to the site is sent (a write whose activity failed may still have landed): until
    // then a failure has changed nothing, and the honest outcome is Rejected, not RolledBack.
    private bool _siteWritten;
    private string _sourceHost = string.Empty;
    private BuildIdentityVerdict? _build;

    public UpgradeRun(TaskOrchestrationContext ctx, UpgradeInput input)
    {
        _ctx = ctx;
        _input = input;
        _abort = ctx.WaitForExternalEvent<AbortRequest>(WorkflowNames.AbortEvent);
    }

    private DateTimeOffset Now => DurableTime.Now(_ctx);

    private UpgradePolicy Policy => _input.Policy;

    private BuildIdentityPolicy Identity => _input.BuildIdentity ?? BuildIdentityPolicy.Default;

    public async Task<UpgradeResult> ExecuteAsync()
    {
        UpgradeOutcome outcome;
        string reason;
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
            (outcome, reason) = _siteWritten
                ? await RestoreAsync(UpgradeOutcome.RolledBack, $"{_phase}/{_step} failed: {why}")
                : Reject($"{_phase}/{_step} failed before anything was changed on the site: {why}");
        }

        await FinishAsync(outcome, reason);
        var status = Status(outcome, reason, full: true);
        await SaveRecordAsync(status);
        return new UpgradeResult(outcome, reason, UpgradeStatusBudget.Fit(status), _swap?.Status?.TimestampUtc);
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

    private async Task<(UpgradeOutcome, string)> RunPhasesAsync()
    {
        // Validation.
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

        _planId = production.ServerFarmId;
        _sourceHost = source.DefaultHostName;
        Enter(UpgradePhases.Validating, "plan tier");
        var plan = await CallAsync<PlanState>(ActivityNames.GetPlan, _planId);
        if (plan.SkuTier is "Free" or "Shared" or "Basic" or "Dynamic")
        {
            return Reject($"plan tier {plan.SkuTier} has no deployment slots (Standard or higher is required).");
        }

        // Build identity: what each slot runs, before anything is written.
        Enter(UpgradePhases.Validating, "build identity");
        var sticky = await CallAsync<SlotConfigNames>(ActivityNames.GetSlotConfigNames, _input.SiteId);
        _build = await IdentifyAsync(sticky);
        switch (_build.Outcome)
        {
            case BuildIdentityOutcome.AlreadyServing:
                return (UpgradeOutcome.AlreadyServing, _build.Message);
            case BuildIdentityOutcome.Proceed or BuildIdentityOutcome.NotChecked:
                break;
            default:
                return Reject(_build.Message, "build", _build);
        }

        if (source.TargetSwapSlot is not null || production.TargetSwapSlot is not null)
        {
            var preview = await CallAsync<PreviewRecord?>(ActivityNames.GetPreview, _input.SiteId);
            if (preview is null || Now - preview.StartedAt < Policy.StalePreviewAfter)
            {
                return Reject(preview is null
                    ? $"a swap with preview is pending on '{source.Slot}' → '{source.TargetSwapSlot ?? production.TargetSwapSlot}' and was not started by Seamless; complete or reset it first."
                    : $"a swap with preview started by {preview.Holder} at {preview.StartedAt:u} is still recent; refusing to interfere.");
            }

            Record($"resetting a stale swap with preview left by {preview.Holder} at {preview.StartedAt:u}");
            _siteWritten = true;
            await CallAsync<bool>(ActivityNames.ResetSlotConfig, new SiteRequest(_input.SiteId, _input.SourceSlot));
            await CallAsync<bool>(ActivityNames.RecordPreview, new PreviewUpdate(_input.SiteId, null));
        }

        var lastSwapBefore = production.LastSwap?.TimestampUtc;

        // Capacity lease: scale-in stays frozen until the release ends.
        Enter(UpgradePhases.Leasing, "acquire");
        var leaseUntil = Now + Policy.MaximumDuration();
        await CallAsync<bool>(ActivityNames.AcquirePlanLease, new PlanLease(_planId, _input.SiteId, _ctx.InstanceId, leaseUntil));
        _leased = true;
        Record($"capacity lease on {AzureResourceId.Parse(_planId).Name} until {leaseUntil:u}");

        // Configuration diff (names only).
        Enter(UpgradePhases.ConfigDiff, "compare");
        var sourceNames = await CallAsync<IReadOnlyList<string>>(ActivityNames.GetAppSettingNames, new SiteRequest(_input.SiteId, _input.SourceSlot));
        var targetNames = await CallAsync<IReadOnlyList<string>>(ActivityNames.GetAppSettingNames, new SiteRequest(_input.SiteId, _input.TargetSlot));
        var diff = ConfigDiff.Compare(sourceNames, targetNames, sticky, ConfigDiffPolicy.FromBlocks(Policy.ConfigDiffBlocks));
        Verdict("config-diff", diff.Outcome.ToString(), diff.Message, detail: diff);
        if (diff.Outcome == ConfigDiffOutcome.Block)
        {
            return await RestoreAsync(UpgradeOutcome.Rejected, $"configuration diff blocks the release: {diff.Message}");
        }

        if (AbortRequested(out var abort))
        {
            return await RestoreAsync(UpgradeOutcome.Aborted, abort);
        }

        // Phase 1: apply the target's slot config to the source (restarts the source; production untouched).
        Enter(UpgradePhases.Preparing, "applySlotConfig");
        await CallAsync<bool>(ActivityNames.RecordPreview, new PreviewUpdate(_input.SiteId, new PreviewRecord(_input.SiteId, _input.SourceSlot, _input.TargetSlot, _ctx.InstanceId, Now)));
        _previewApplied = true;
        _siteWritten = true;
        await CallAsync<bool>(ActivityNames.ApplySlotConfig, new SlotPairRequest(_input.SiteId, _input.SourceSlot, _input.TargetSlot));
        Record($"applied {_input.TargetSlot} settings to {_input.SourceSlot}");

        // Verified warm-up of every instance.
        var warm = await WarmUpAsync(source.DefaultHostName);
        if (warm is not null)
        {
            return warm.Value;
        }

        // Smoke paths.
        if (Policy.SmokePaths.Count > 0)
        {
            Enter(UpgradePhases.Smoke, "probe");
            var smoke = await CallAsync<IReadOnlyList<ProbeObservation>>(ActivityNames.ProbeSlot, new ProbeSlotRequest(source.DefaultHostName, Policy.SmokePaths, [], Policy.Warmup.LatencyBound * 2));
            var smokeVerdict = SmokeGate.Evaluate(Policy.SmokePaths, Policy.Warmup.AllowedStatusCodes, smoke);
            Verdict("smoke", smokeVerdict.Outcome.ToString(), smokeVerdict.Message);
            if (smokeVerdict.Outcome != SmokeOutcome.Pass)
            {
                return await RestoreAsync(UpgradeOutcome.Rejected, $"smoke test failed: {smokeVerdict.Message}");
            }
        }

        // Canary.
        bool canary = Policy.Canary.Enabled || string.Equals(_input.Strategy, "canary", StringComparison.OrdinalIgnoreCase);
        if (canary)
        {
            var canaryResult = await CanaryAsync();
            if (canaryResult is not null)
            {
                return canaryResult.Value;
            }
        }

        // Approval.
        if (Policy.Approval.Required)
        {
            var approval = await ApprovalAsync();
            if (approval is not null)
            {
                return approval.Value;
            }
        }

        // Baseline for the guard window: production before the swap.
        Enter(UpgradePhases.Swapping, "baseline");
        var swapStart = Now;
        var baseline = await CallAsync<SlotMetrics>(ActivityNames.ReadSlotMetrics, new SlotMetricsRequest(_input.SiteId, _input.TargetSlot, swapStart - Policy.GuardWindow, swapStart));
        if (AbortRequested(out abort))
        {
            return await RestoreAsync(UpgradeOutcome.Aborted, abort);
        }

        // Complete the swap.
        Enter(UpgradePhases.Swapping, "swap");
        await SetRoutingAsync(0);

        // Marked before the call: a swap that lands while its activity fails for good must still be undone.
        _swapSent = true;
        _siteWritten = true;
        _lastSwapBefore = lastSwapBefore;
        _swap = await CallAsync<SwapResult>(ActivityNames.SwapSlots, new SwapRequest(_input.SiteId, _input.SourceSlot, _input.TargetSlot, lastSwapBefore));
        _previewApplied = false;
        await CallAsync<bool>(ActivityNames.RecordPreview, new PreviewUpdate(_input.SiteId, null));
        Record(_swap.Performed ? $"swapped {_input.SourceSlot} into {_input.TargetSlot}" : "swap had already completed (resumed after a restart)");

        // Production must now report the released build; anything else means the swap moved something else.
        if (_build is { Outcome: BuildIdentityOutcome.Proceed, Source.Version: { } released })
        {
            var serving = await CallAsync<ObservedBuild>(ActivityNames.ResolveBuild, new BuildRequest(_input.SiteId, _input.TargetSlot, Identity));
            if (!BuildIdentityGate.Matches(Identity, _input.Version, serving.Version))
            {
                string found = serving.Version ?? $"no {Identity.Describe()}";
                Verdict("build", "Fail", $"after the swap {_input.TargetSlot} reports {found}, not the released {released}");
                return await RestoreAsync(UpgradeOutcome.RolledBack, $"after the swap {_input.TargetSlot} reports {found} ({Identity.Describe()}), not the released {released}");
            }
        }

        // Guard window: production against its own pre-swap baseline.
        return await GuardAsync(baseline);
    }

    private async Task<(UpgradeOutcome, string)?> WarmUpAsync(string hostName)
    {
        Enter(UpgradePhases.WarmingUp, "instances");
        var (verdict, abort) = await WarmLoopAsync(hostName, Policy.Warmup, honourAbort: true);
        if (abort is not null)
        {
            return await RestoreAsync(UpgradeOutcome.Aborted, abort);
        }

        if (verdict!.Outcome == WarmupGateOutcome.Warm)
        {
            Verdict("warm-up", "Pass", verdict.Message);
            return null;
        }

        Verdict("warm-up", "Fail", verdict.Message);
        return await RestoreAsync(UpgradeOutcome.Rejected, $"warm-up failed: {verdict.Message}");
    }

    /// <summary>Probes every instance of the source slot until the gate says warm or failed (or an abort arrives).</summary>
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
            Publish(new VerdictRecord(Now, _phase, "warm-up", verdict.Outcome.ToString(), verdict.Message));
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

    private async Task<(UpgradeOutcome, string)?> CanaryAsync()
    {
        foreach (double step in Policy.Canary.Steps)
        {
            bool judged = false;
            for (int attempt = 0; attempt < 2 && !judged; attempt++)
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
                Verdict($"canary {step} %", verdict.Outcome.ToString(), verdict.Message, verdict.Score, verdict);
                if (verdict.Outcome == CanaryOutcome.Fail)
                {
                    return await RestoreAsync(UpgradeOutcome.RolledBack, $"canary failed at {step} %: {verdict.Message}");
                }

                // Fail-closed, as the guard window is by default: a step that could not be judged proves nothing.
                if (verdict.Outcome == CanaryOutcome.Inconclusive)
                {
                    return await RestoreAsync(UpgradeOutcome.RolledBack, $"canary inconclusive at {step} %: no evidence the new build is healthy, so it is not promoted; {verdict.Message}");
                }

                // A marginal step is observed once more before it is counted as a failure.
                judged = verdict.Outcome == CanaryOutcome.Pass;
                if (!judged && attempt == 1)
                {
                    return await RestoreAsync(UpgradeOutcome.RolledBack, $"canary stayed marginal at {step} %: {verdict.Message}");
                }
            }
        }

        return null;
    }

    private async Task<(UpgradeOutcome, string)?> ApprovalAsync()
    {
        Enter(UpgradePhases.Approval, "waiting");
        using var cts = new CancellationTokenSource();
        var approve = _ctx.WaitForExternalEvent<ApproveRequest>(WorkflowNames.ApproveEvent, cts.Token);
        var timer = DurableTime.DelayAsync(_ctx, Policy.Approval.Timeout, cts.Token);
        var winner = await Task.WhenAny(approve, timer, _abort);
        if (winner == approve)
        {
            CancelTimers(cts);
            Verdict("approval", "Pass", $"approved by {Who(approve.Result.ApprovedBy, approve.Result.KeyFingerprint)}");
            return null;
        }

        CancelTimers(cts);
        if (winner == _abort)
        {
            return await RestoreAsync(UpgradeOutcome.Aborted, AbortReason(_abort.Result));
        }

        if (Policy.Approval.OnTimeout == ApprovalTimeoutAction.Proceed)
        {
            Verdict("approval", "Pass", $"no answer within {Policy.Approval.Timeout}; policy proceeds");
            return null;
        }

        Verdict("approval", "Fail", $"no approval within {Policy.Approval.Timeout}");
        return await RestoreAsync(UpgradeOutcome.Aborted, $"approval timed out after {Policy.Approval.Timeout}");
    }

    private async Task<(UpgradeOutcome, string)> GuardAsync(SlotMetrics baseline)
    {
        var swapAt = Now;
        var end = swapAt + Policy.GuardWindow;
        var current = new SlotMetrics([]);
        var readFrom = swapAt;
        string promoted = _build is { Outcome: BuildIdentityOutcome.Proceed, Source.Version: { } observed }
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
            Verdict("guard", verdict.Outcome.ToString(), verdict.Message, verdict.Score, verdict);
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
            string outcome = verdict.Outcome switch
            {
                BuildIdentityOutcome.Proceed => "Pass",
                BuildIdentityOutcome.NotChecked => "Inconclusive",
                _ => "AlreadyServing",
            };
            Verdict("build", outcome, verdict.Message, detail: verdict);
        }

        return verdict;
    }

    /// <summary>Restores the site to how it was, whatever phase we are in.</summary>
    private async Task<(UpgradeOutcome, string)> RestoreAsync(UpgradeOutcome outcome, string reason)
    {
        Enter(UpgradePhases.RollingBack, "restore");
        Record(reason);
        try
        {
            if (_routing > 0)
            {
                await SetRoutingAsync(0);
            }

            if (_swap is null && _swapSent && await SwapLandedAsync() is { } landed)
            {
                Record("the swap reached production although its step failed; swapping back");
                _swap = landed;
                _previewApplied = false;
            }

            if (_swap is not null)
            {
                // The previous build now sits in the source slot and was restarted by the swap: prepare
                // it with the target's settings and warm it before it takes production traffic again.
                await CallAsync<bool>(ActivityNames.ApplySlotConfig, new SlotPairRequest(_input.SiteId, _input.SourceSlot, _input.TargetSlot));
                var bounded = Policy.Warmup with { Timeout = Policy.Warmup.Timeout < RestoreWarmupLimit ? Policy.Warmup.Timeout : RestoreWarmupLimit };
                var (warm, _) = await WarmLoopAsync(_sourceHost, bounded, honourAbort: false);
                Record(warm!.Outcome == WarmupGateOutcome.Warm
                    ? "previous build warmed for the swap back"
                    : $"swapping back without a full warm-up ({warm.Message}): a degraded production must not wait longer");
                var back = await CallAsync<SwapResult>(ActivityNames.SwapSlots, new SwapRequest(_input.SiteId, _input.SourceSlot, _input.TargetSlot, _swap.Status?.TimestampUtc));
                Record(back.Performed ? "swapped back: the previous build serves production again" : "swap back had already completed");
                _swap = null;
            }

            if (_previewApplied)
            {
                await CallAsync<bool>(ActivityNames.ResetSlotConfig, new SiteRequest(_input.SiteId, _input.SourceSlot));
                await CallAsync<bool>(ActivityNames.RecordPreview, new PreviewUpdate(_input.SiteId, null));
                _previewApplied = false;
                Record($"reset the swap with preview on {_input.SourceSlot}");
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

    /// <summary>Reads production's last swap: a newer one than before the swap step means the swap landed.</summary>
    private async Task<SwapResult?> SwapLandedAsync()
    {
        var production = await CallAsync<SiteState>(ActivityNames.GetSite, new SiteRequest(_input.SiteId, _input.TargetSlot));
        return production.LastSwap is { } last && last.TimestampUtc != _lastSwapBefore ? new SwapResult(true, last) : null;
    }

    private async Task FinishAsync(UpgradeOutcome outcome, string reason)
    {
        _phase = UpgradePhases.Done;
        _step = outcome.ToString();
        Record($"{outcome}: {reason}");
        try
        {
            if (_leased && _planId is not null)
            {
                await CallAsync<bool>(ActivityNames.ReleasePlanLease, new ReleaseRequest(_planId, _input.SiteId, _ctx.InstanceId));
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
        if (_routing == 0 && percentage == 0)
        {
            return;
        }

        // Recorded before the call: a rule that lands while its activity fails for good must still be removed
        // (the write is absolute, so routing to 0 % on restore is always safe).
        _routing = Math.Max(_routing, percentage);
        _siteWritten = true;
        await CallAsync<double>(ActivityNames.SetRouting, new RoutingRequest(_input.SiteId, _input.SourceSlot, percentage));
        _routing = percentage;
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

    private (UpgradeOutcome, string) Reject(string reason, string? gateName = null, object? detail = null)
    {
        string gate = gateName ?? _phase switch
        {
            UpgradePhases.Leasing => "lease",
            UpgradePhases.ConfigDiff => "config-diff",
            _ => "validation",
        };
        Verdict(gate, "Fail", reason, detail: detail);
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

    private void Verdict(string gate, string outcome, string message, double? score = null, object? detail = null)
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
        _routing,
        outcome,
        reason,
        Tail(_timeline, full ? _timeline.Count : UpgradeStatusBudget.RecentTimeline),
        Tail(_verdicts, full ? _verdicts.Count : UpgradeStatusBudget.RecentVerdicts),
        _timeline.Count,
        _verdicts.Count,
        _build);

    private static List<T> Tail<T>(List<T> list, int count) =>
        list.Count <= count ? [.. list] : list.GetRange(list.Count - count, count);
}
