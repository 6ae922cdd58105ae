using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Upgrade;

/// <content>The swap and the guard window after it: production judged against its own pre-swap baseline.</content>
internal sealed partial class UpgradeRun
{
    /// <summary>The swap: routing off, the swap itself, and production reporting the released build.</summary>
    private async Task<(UpgradeOutcome, string)?> SwapAsync()
    {
        Enter(UpgradePhases.Swapping, "swap");
        await SetRoutingAsync(0);
        _changes = _changes.WithSwapSent(Facts.LastSwapBefore);
        var swap = await CallAsync<SwapResult>(ActivityNames.SwapSlots, new SwapRequest(_input.SiteId, _input.SourceSlot, _input.TargetSlot, Facts.LastSwapBefore));
        _changes = _changes.WithSwapLanded(swap.Status?.TimestampUtc);
        await CallAsync<bool>(ActivityNames.RecordPreview, new PreviewUpdate(_input.SiteId, null));
        Record(swap.Performed ? $"swapped {_input.SourceSlot} into {_input.TargetSlot}" : "swap had already completed (resumed after a restart)", TimelineChange.Swap);

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
}
