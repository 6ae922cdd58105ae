using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Upgrade;

/// <content>Validation (allow-list, slots, plan tier, build identity, pending preview), the capacity lease and the configuration diff: the phases before anything is written to the site.</content>
internal sealed partial class UpgradeRun
{
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
}
