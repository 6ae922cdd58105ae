using Microsoft.Azure.Functions.Worker;
using Seamless.Core.Model;
using Seamless.Core.Notifications;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;
using Seamless.Workflows.State;

namespace Seamless.Functions;

/// <summary>Each Seamless activity as a Durable activity function, under the name the embedded engine uses.</summary>
public sealed class ActivityFunctions(AppServiceActivities app, StateActivities state)
{
    [Function(ActivityNames.GetSite)]
    public Task<SiteState> GetSite([ActivityTrigger] SiteRequest input, FunctionContext context) =>
        app.GetSiteAsync(input, context.CancellationToken);

    [Function(ActivityNames.ListInstances)]
    public Task<IReadOnlyList<SiteInstance>> ListInstances([ActivityTrigger] SiteRequest input, FunctionContext context) =>
        app.ListInstancesAsync(input, context.CancellationToken);

    [Function(ActivityNames.ResolveBuild)]
    public Task<ObservedBuild> ResolveBuild([ActivityTrigger] BuildRequest input, FunctionContext context) =>
        app.ResolveBuildAsync(input, context.CancellationToken);

    [Function(ActivityNames.GetAppSettingNames)]
    public Task<IReadOnlyList<string>> GetAppSettingNames([ActivityTrigger] SiteRequest input, FunctionContext context) =>
        app.GetAppSettingNamesAsync(input, context.CancellationToken);

    [Function(ActivityNames.GetSlotConfigNames)]
    public Task<SlotConfigNames> GetSlotConfigNames([ActivityTrigger] string input, FunctionContext context) =>
        app.GetSlotConfigNamesAsync(input, context.CancellationToken);

    [Function(ActivityNames.ApplySlotConfig)]
    public Task<bool> ApplySlotConfig([ActivityTrigger] SlotPairRequest input, FunctionContext context) =>
        app.ApplySlotConfigAsync(input, context.CancellationToken);

    [Function(ActivityNames.ResetSlotConfig)]
    public Task<bool> ResetSlotConfig([ActivityTrigger] SiteRequest input, FunctionContext context) =>
        app.ResetSlotConfigAsync(input, context.CancellationToken);

    [Function(ActivityNames.SwapSlots)]
    public Task<SwapResult> SwapSlots([ActivityTrigger] SwapRequest input, FunctionContext context) =>
        app.SwapSlotsAsync(input, context.CancellationToken);

    [Function(ActivityNames.SetRouting)]
    public Task<double> SetRouting([ActivityTrigger] RoutingRequest input, FunctionContext context) =>
        app.SetRoutingAsync(input, context.CancellationToken);

    [Function(ActivityNames.GetPlan)]
    public Task<PlanState> GetPlan([ActivityTrigger] string input, FunctionContext context) =>
        app.GetPlanAsync(input, context.CancellationToken);

    [Function(ActivityNames.SetPlanCapacity)]
    public Task<PlanState> SetPlanCapacity([ActivityTrigger] CapacityRequest input, FunctionContext context) =>
        app.SetPlanCapacityAsync(input, context.CancellationToken);

    [Function(ActivityNames.ProbeSlot)]
    public Task<IReadOnlyList<ProbeObservation>> ProbeSlot([ActivityTrigger] ProbeSlotRequest input, FunctionContext context) =>
        app.ProbeSlotAsync(input, context.CancellationToken);

    [Function(ActivityNames.ReadSlotMetrics)]
    public Task<SlotMetrics> ReadSlotMetrics([ActivityTrigger] SlotMetricsRequest input, FunctionContext context) =>
        app.ReadSlotMetricsAsync(input, context.CancellationToken);

    [Function(ActivityNames.ReadPlanMetrics)]
    public Task<PlanMetrics> ReadPlanMetrics([ActivityTrigger] PlanMetricsRequest input, FunctionContext context) =>
        app.ReadPlanMetricsAsync(input, context.CancellationToken);

    [Function(ActivityNames.LearnHeadroom)]
    public Task<HeadroomReading> LearnHeadroom([ActivityTrigger] HeadroomRequest input, FunctionContext context) =>
        app.LearnHeadroomAsync(input, context.CancellationToken);

    [Function(ActivityNames.ReadDrainFacts)]
    public Task<Core.ScaleIn.DrainFacts> ReadDrainFacts([ActivityTrigger] DrainFactsRequest input, FunctionContext context) =>
        app.ReadDrainFactsAsync(input, context.CancellationToken);

    [Function(ActivityNames.CheckManaged)]
    public Task<string?> CheckManaged([ActivityTrigger] string input, FunctionContext context) =>
        state.CheckManagedAsync(input, context.CancellationToken);

    [Function(ActivityNames.AcquirePlanLease)]
    public Task<bool> AcquirePlanLease([ActivityTrigger] PlanLease input, FunctionContext context) =>
        state.AcquirePlanLeaseAsync(input, context.CancellationToken);

    [Function(ActivityNames.ReleasePlanLease)]
    public Task<bool> ReleasePlanLease([ActivityTrigger] ReleaseRequest input, FunctionContext context) =>
        state.ReleaseAsync(input, context.CancellationToken);

    [Function(ActivityNames.ReleaseSiteLock)]
    public Task<bool> ReleaseSiteLock([ActivityTrigger] ReleaseRequest input, FunctionContext context) =>
        state.ReleaseAsync(input, context.CancellationToken);

    [Function(ActivityNames.GetPlanGuards)]
    public Task<PlanGuards> GetPlanGuards([ActivityTrigger] PlanGuardsRequest input, FunctionContext context) =>
        state.GetPlanGuardsAsync(input, context.CancellationToken);

    [Function(ActivityNames.SetVeto)]
    public Task<bool> SetVeto([ActivityTrigger] VetoUpdate input, FunctionContext context) =>
        state.SetVetoAsync(input, context.CancellationToken);

    [Function(ActivityNames.RecordPreview)]
    public Task<bool> RecordPreview([ActivityTrigger] PreviewUpdate input, FunctionContext context) =>
        state.RecordPreviewAsync(input, context.CancellationToken);

    [Function(ActivityNames.GetPreview)]
    public Task<PreviewRecord?> GetPreview([ActivityTrigger] string input, FunctionContext context) =>
        state.GetPreviewAsync(input, context.CancellationToken);

    [Function(ActivityNames.AppendJournal)]
    public Task<bool> AppendJournal([ActivityTrigger] JournalEntry input, FunctionContext context) =>
        state.AppendJournalAsync(input, context.CancellationToken);

    [Function(ActivityNames.ReadJournal)]
    public Task<IReadOnlyList<JournalEntry>> ReadJournal([ActivityTrigger] JournalQuery input, FunctionContext context) =>
        state.ReadJournalAsync(input, context.CancellationToken);

    [Function(ActivityNames.ObserveCapacity)]
    public Task<CapacityHistory> ObserveCapacity([ActivityTrigger] CapacityObservation input, FunctionContext context) =>
        state.ObserveCapacityAsync(input, context.CancellationToken);

    [Function(ActivityNames.SaveUpgradeRecord)]
    public Task<bool> SaveUpgradeRecord([ActivityTrigger] UpgradeRecordUpdate input, FunctionContext context) =>
        state.SaveUpgradeRecordAsync(input, context.CancellationToken);

    [Function(ActivityNames.EnqueueNotification)]
    public Task<int> EnqueueNotification([ActivityTrigger] NotificationEvent input, FunctionContext context) =>
        state.EnqueueNotificationAsync(input, context.CancellationToken);
}
