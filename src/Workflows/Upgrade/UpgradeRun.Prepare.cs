using Seamless.Core.Model;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Upgrade;

/// <content>Phase 1 of the swap with preview, the verified warm-up and the smoke paths: the source slot made ready.</content>
internal sealed partial class UpgradeRun
{
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
}
