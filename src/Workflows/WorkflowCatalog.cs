using Seamless.Workflows.Activities;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows;

/// <summary>
/// Every orchestrator and activity under the name both hosts use. The embedded engine registers
/// this catalog; src/Functions exposes the same names as Durable functions.
/// </summary>
public static class WorkflowCatalog
{
    /// <summary>Creates a registry holding the whole catalog.</summary>
    public static WorkflowRegistry Create() => Register(new WorkflowRegistry());

    /// <summary>Adds the whole catalog to a registry.</summary>
    public static WorkflowRegistry Register(WorkflowRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddOrchestrator(WorkflowNames.UpgradeOrchestrator, UpgradeOrchestrator.RunAsync)
            .AddOrchestrator(WorkflowNames.ScaleInOrchestrator, ScaleInOrchestrator.RunAsync)
            .AddOrchestrator(WorkflowNames.ScaleOutOrchestrator, ScaleOutOrchestrator.RunAsync);

        registry
            .AddActivity<SiteRequest, Core.Model.SiteState>(ActivityNames.GetSite, (sp, i, ct) => App(sp).GetSiteAsync(i, ct))
            .AddActivity<SiteRequest, IReadOnlyList<Core.Model.SiteInstance>>(ActivityNames.ListInstances, (sp, i, ct) => App(sp).ListInstancesAsync(i, ct))
            .AddActivity<SiteRequest, IReadOnlyList<string>>(ActivityNames.GetAppSettingNames, (sp, i, ct) => App(sp).GetAppSettingNamesAsync(i, ct))
            .AddActivity<string, Core.Model.SlotConfigNames>(ActivityNames.GetSlotConfigNames, (sp, i, ct) => App(sp).GetSlotConfigNamesAsync(i, ct))
            .AddActivity<SlotPairRequest, bool>(ActivityNames.ApplySlotConfig, (sp, i, ct) => App(sp).ApplySlotConfigAsync(i, ct))
            .AddActivity<SiteRequest, bool>(ActivityNames.ResetSlotConfig, (sp, i, ct) => App(sp).ResetSlotConfigAsync(i, ct))
            .AddActivity<SwapRequest, SwapResult>(ActivityNames.SwapSlots, (sp, i, ct) => App(sp).SwapSlotsAsync(i, ct))
            .AddActivity<RoutingRequest, double>(ActivityNames.SetRouting, (sp, i, ct) => App(sp).SetRoutingAsync(i, ct))
            .AddActivity<string, Core.Model.PlanState>(ActivityNames.GetPlan, (sp, i, ct) => App(sp).GetPlanAsync(i, ct))
            .AddActivity<CapacityRequest, Core.Model.PlanState>(ActivityNames.SetPlanCapacity, (sp, i, ct) => App(sp).SetPlanCapacityAsync(i, ct))
            .AddActivity<ProbeSlotRequest, IReadOnlyList<Core.Upgrade.ProbeObservation>>(ActivityNames.ProbeSlot, (sp, i, ct) => App(sp).ProbeSlotAsync(i, ct))
            .AddActivity<SlotMetricsRequest, SlotMetrics>(ActivityNames.ReadSlotMetrics, (sp, i, ct) => App(sp).ReadSlotMetricsAsync(i, ct))
            .AddActivity<PlanMetricsRequest, PlanMetrics>(ActivityNames.ReadPlanMetrics, (sp, i, ct) => App(sp).ReadPlanMetricsAsync(i, ct));

        registry
            .AddActivity<string, string?>(ActivityNames.CheckManaged, (sp, i, ct) => St(sp).CheckManagedAsync(i, ct))
            .AddActivity<PlanLease, bool>(ActivityNames.AcquirePlanLease, (sp, i, ct) => St(sp).AcquirePlanLeaseAsync(i, ct))
            .AddActivity<ReleaseRequest, bool>(ActivityNames.ReleasePlanLease, (sp, i, ct) => St(sp).ReleaseAsync(i, ct))
            .AddActivity<ReleaseRequest, bool>(ActivityNames.ReleaseSiteLock, (sp, i, ct) => St(sp).ReleaseAsync(i, ct))
            .AddActivity<PlanGuardsRequest, PlanGuards>(ActivityNames.GetPlanGuards, (sp, i, ct) => St(sp).GetPlanGuardsAsync(i, ct))
            .AddActivity<VetoUpdate, bool>(ActivityNames.SetVeto, (sp, i, ct) => St(sp).SetVetoAsync(i, ct))
            .AddActivity<PreviewUpdate, bool>(ActivityNames.RecordPreview, (sp, i, ct) => St(sp).RecordPreviewAsync(i, ct))
            .AddActivity<string, PreviewRecord?>(ActivityNames.GetPreview, (sp, i, ct) => St(sp).GetPreviewAsync(i, ct))
            .AddActivity<JournalEntry, bool>(ActivityNames.AppendJournal, (sp, i, ct) => St(sp).AppendJournalAsync(i, ct))
            .AddActivity<JournalQuery, IReadOnlyList<JournalEntry>>(ActivityNames.ReadJournal, (sp, i, ct) => St(sp).ReadJournalAsync(i, ct))
            .AddActivity<CapacityObservation, CapacityHistory>(ActivityNames.ObserveCapacity, (sp, i, ct) => St(sp).ObserveCapacityAsync(i, ct))
            .AddActivity<UpgradeRecordUpdate, bool>(ActivityNames.SaveUpgradeRecord, (sp, i, ct) => St(sp).SaveUpgradeRecordAsync(i, ct));
        return registry;
    }

    private static AppServiceActivities App(IServiceProvider services) =>
        (AppServiceActivities)services.GetService(typeof(AppServiceActivities))!;

    private static StateActivities St(IServiceProvider services) =>
        (StateActivities)services.GetService(typeof(StateActivities))!;
}
