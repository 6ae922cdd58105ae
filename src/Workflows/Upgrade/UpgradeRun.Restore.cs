using Seamless.Core.Model;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Upgrade;

/// <content>The restore: the undo steps <see cref="UpgradeUndo"/> derives from what may have changed, and the routing writes it reverts.</content>
internal sealed partial class UpgradeRun
{
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
                    Record("the swap reached production although its step failed; swapping back", TimelineChange.Swap);
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
                Record(back.Performed ? "swapped back: the previous build serves production again" : "swap back had already completed", TimelineChange.SwapBack);
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
        Record($"routing {percentage} % of production traffic to {_input.SourceSlot}", TimelineChange.Routing(percentage));
    }
}
