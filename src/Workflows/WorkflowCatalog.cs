using Microsoft.DurableTask;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows;

/// <summary>
/// Every orchestrator and activity under the name every engine uses, in a Durable Task SDK
/// <see cref="DurableTaskRegistry"/>: the embedded engine and the Durable worker (in-process test
/// host) run this registry; src/Functions exposes the same names as Durable functions.
/// </summary>
public static class WorkflowCatalog
{
    /// <summary>Creates a registry holding the whole catalog.</summary>
    public static DurableTaskRegistry Create() => Register(new DurableTaskRegistry());

    /// <summary>Adds the whole catalog to a registry; activities resolve their services from the engine's provider.</summary>
    public static DurableTaskRegistry Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddOrchestrator(WorkflowNames.UpgradeOrchestrator, () => new UpgradeOrchestrator())
            .AddOrchestrator(WorkflowNames.ScaleInOrchestrator, () => new ScaleInOrchestrator())
            .AddOrchestrator(WorkflowNames.ScaleOutOrchestrator, () => new ScaleOutOrchestrator());

        registry
            .Add<SiteRequest, Core.Model.SiteState>(ActivityNames.GetSite, (sp, i, ct) => App(sp).GetSiteAsync(i, ct))
            .Add<SiteRequest, IReadOnlyList<Core.Model.SiteInstance>>(ActivityNames.ListInstances, (sp, i, ct) => App(sp).ListInstancesAsync(i, ct))
            .Add<SiteRequest, IReadOnlyList<string>>(ActivityNames.GetAppSettingNames, (sp, i, ct) => App(sp).GetAppSettingNamesAsync(i, ct))
            .Add<BuildRequest, Core.Upgrade.ObservedBuild>(ActivityNames.ResolveBuild, (sp, i, ct) => App(sp).ResolveBuildAsync(i, ct))
            .Add<string, Core.Model.SlotConfigNames>(ActivityNames.GetSlotConfigNames, (sp, i, ct) => App(sp).GetSlotConfigNamesAsync(i, ct))
            .Add<SlotPairRequest, bool>(ActivityNames.ApplySlotConfig, (sp, i, ct) => App(sp).ApplySlotConfigAsync(i, ct))
            .Add<SiteRequest, bool>(ActivityNames.ResetSlotConfig, (sp, i, ct) => App(sp).ResetSlotConfigAsync(i, ct))
            .Add<SwapRequest, SwapResult>(ActivityNames.SwapSlots, (sp, i, ct) => App(sp).SwapSlotsAsync(i, ct))
            .Add<RoutingRequest, double>(ActivityNames.SetRouting, (sp, i, ct) => App(sp).SetRoutingAsync(i, ct))
            .Add<string, Core.Model.PlanState>(ActivityNames.GetPlan, (sp, i, ct) => App(sp).GetPlanAsync(i, ct))
            .Add<CapacityRequest, Core.Model.PlanState>(ActivityNames.SetPlanCapacity, (sp, i, ct) => App(sp).SetPlanCapacityAsync(i, ct))
            .Add<ProbeSlotRequest, IReadOnlyList<Core.Upgrade.ProbeObservation>>(ActivityNames.ProbeSlot, (sp, i, ct) => App(sp).ProbeSlotAsync(i, ct))
            .Add<SlotMetricsRequest, SlotMetrics>(ActivityNames.ReadSlotMetrics, (sp, i, ct) => App(sp).ReadSlotMetricsAsync(i, ct))
            .Add<PlanMetricsRequest, PlanMetrics>(ActivityNames.ReadPlanMetrics, (sp, i, ct) => App(sp).ReadPlanMetricsAsync(i, ct))
            .Add<DrainFactsRequest, Core.ScaleIn.DrainFacts>(ActivityNames.ReadDrainFacts, (sp, i, ct) => App(sp).ReadDrainFactsAsync(i, ct))
            .Add<HeadroomRequest, HeadroomReading>(ActivityNames.LearnHeadroom, (sp, i, ct) => App(sp).LearnHeadroomAsync(i, ct));

        registry
            .Add<string, string?>(ActivityNames.CheckManaged, (sp, i, ct) => St(sp).CheckManagedAsync(i, ct))
            .Add<PlanLease, bool>(ActivityNames.AcquirePlanLease, (sp, i, ct) => St(sp).AcquirePlanLeaseAsync(i, ct))
            .Add<ReleaseRequest, bool>(ActivityNames.ReleasePlanLease, (sp, i, ct) => St(sp).ReleaseAsync(i, ct))
            .Add<ReleaseRequest, bool>(ActivityNames.ReleaseSiteLock, (sp, i, ct) => St(sp).ReleaseAsync(i, ct))
            .Add<PlanGuardsRequest, PlanGuards>(ActivityNames.GetPlanGuards, (sp, i, ct) => St(sp).GetPlanGuardsAsync(i, ct))
            .Add<VetoUpdate, bool>(ActivityNames.SetVeto, (sp, i, ct) => St(sp).SetVetoAsync(i, ct))
            .Add<PreviewUpdate, bool>(ActivityNames.RecordPreview, (sp, i, ct) => St(sp).RecordPreviewAsync(i, ct))
            .Add<string, PreviewRecord?>(ActivityNames.GetPreview, (sp, i, ct) => St(sp).GetPreviewAsync(i, ct))
            .Add<JournalEntry, bool>(ActivityNames.AppendJournal, (sp, i, ct) => St(sp).AppendJournalAsync(i, ct))
            .Add<JournalQuery, IReadOnlyList<JournalEntry>>(ActivityNames.ReadJournal, (sp, i, ct) => St(sp).ReadJournalAsync(i, ct))
            .Add<CapacityObservation, CapacityHistory>(ActivityNames.ObserveCapacity, (sp, i, ct) => St(sp).ObserveCapacityAsync(i, ct))
            .Add<UpgradeRecordUpdate, bool>(ActivityNames.SaveUpgradeRecord, (sp, i, ct) => St(sp).SaveUpgradeRecordAsync(i, ct))
            .Add<Core.Notifications.NotificationEvent, int>(ActivityNames.EnqueueNotification, (sp, i, ct) => St(sp).EnqueueNotificationAsync(i, ct));
        return registry;
    }

    private static DurableTaskRegistry Add<TInput, TOutput>(
        this DurableTaskRegistry registry,
        string name,
        Func<IServiceProvider, TInput, CancellationToken, Task<TOutput>> run) =>
        registry.AddActivity(name, services => new WorkflowActivity<TInput, TOutput>((input, ct) => run(services, input, ct)));

    private static AppServiceActivities App(IServiceProvider services) =>
        (AppServiceActivities)services.GetService(typeof(AppServiceActivities))!;

    private static StateActivities St(IServiceProvider services) =>
        (StateActivities)services.GetService(typeof(StateActivities))!;
}
