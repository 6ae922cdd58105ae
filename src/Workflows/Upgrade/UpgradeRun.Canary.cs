using Seamless.Core.Canary;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Orchestration;

namespace Seamless.Workflows.Upgrade;

/// <content>The canary steps and the manual approval: the new build judged on a share of production traffic.</content>
internal sealed partial class UpgradeRun
{
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
}
