using Microsoft.DurableTask;
using Seamless.Core.Notifications;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Notifications;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Upgrade;

/// <summary>
/// One execution of <see cref="UpgradeOrchestrator"/>: the state a replay rebuilds from history. The release is a
/// sequence of named phases, each ending the release or handing over to the next; what the site may have changed is one
/// record (<see cref="SiteChanges"/>), and the restore is the steps <see cref="UpgradeUndo"/> derives from it. Product
/// rules are Core functions (<see cref="UpgradeRules"/>, the gates); this class only sequences.
/// </summary>
internal sealed partial class UpgradeRun
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
}
