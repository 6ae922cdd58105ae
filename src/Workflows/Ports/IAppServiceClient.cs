using Seamless.Core.Model;

namespace Seamless.Workflows.Ports;

/// <summary>
/// The App Service operations Seamless performs (ARM, api-version 2024-04-01). Implemented over REST
/// in src/Azure and served by src/Simulator. Slot arguments take "production" (or null) for the
/// production slot. Errors surface as <see cref="AzureRequestException"/>.
/// </summary>
public interface IAppServiceClient
{
    /// <summary>GET {site}[/slots/{slot}].</summary>
    Task<SiteState> GetSiteAsync(string siteId, string? slot, CancellationToken cancellationToken);

    /// <summary>GET {site}/slots (non-production slots).</summary>
    Task<IReadOnlyList<SiteState>> ListSlotsAsync(string siteId, CancellationToken cancellationToken);

    /// <summary>GET {site}[/slots/{slot}]/instances.</summary>
    Task<IReadOnlyList<SiteInstance>> ListInstancesAsync(string siteId, string? slot, CancellationToken cancellationToken);

    /// <summary>POST {site}[/slots/{slot}]/config/appsettings/list, returning names only.</summary>
    Task<IReadOnlyList<string>> GetAppSettingNamesAsync(string siteId, string? slot, CancellationToken cancellationToken);

    /// <summary>
    /// POST {site}[/slots/{slot}]/config/appsettings/list, returning one setting's value (null when absent). The other
    /// values are dropped where they are read: they must not reach orchestration history or logs.
    /// </summary>
    Task<string?> GetAppSettingValueAsync(string siteId, string? slot, string name, CancellationToken cancellationToken);

    /// <summary>GET {site}[/slots/{slot}]/config/web → <c>linuxFxVersion</c>, else <c>windowsFxVersion</c> (null when neither names an image).</summary>
    Task<string?> GetContainerImageAsync(string siteId, string? slot, CancellationToken cancellationToken);

    /// <summary>GET {site}/config/slotConfigNames.</summary>
    Task<SlotConfigNames> GetSlotConfigNamesAsync(string siteId, CancellationToken cancellationToken);

    /// <summary>Swap with preview phase 1: apply <paramref name="targetSlot"/>'s slot config to <paramref name="sourceSlot"/> (restarts the source).</summary>
    Task ApplySlotConfigAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken);

    /// <summary>Cancels a swap with preview: POST {site}[/slots/{slot}]/resetSlotConfig.</summary>
    Task ResetSlotConfigAsync(string siteId, string? slot, CancellationToken cancellationToken);

    /// <summary>Swaps <paramref name="sourceSlot"/> into <paramref name="targetSlot"/>, polling the long-running operation to completion.</summary>
    Task SwapAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken);

    /// <summary>GET {site}/config/web → experiments.rampUpRules.</summary>
    Task<IReadOnlyList<RoutingRule>> GetRoutingAsync(string siteId, CancellationToken cancellationToken);

    /// <summary>PATCH {site}/config/web with experiments.rampUpRules (empty list removes routing).</summary>
    Task SetRoutingAsync(string siteId, IReadOnlyList<RoutingRule> rules, CancellationToken cancellationToken);

    /// <summary>GET {plan}.</summary>
    Task<PlanState> GetPlanAsync(string planId, CancellationToken cancellationToken);

    /// <summary>GET {plan}/sites (every app on the plan, all pages).</summary>
    Task<IReadOnlyList<SiteState>> ListPlanSitesAsync(string planId, CancellationToken cancellationToken);

    /// <summary>GET-modify-PUT {plan} with sku.capacity, polling to completion; returns the plan after the change.</summary>
    Task<PlanState> SetPlanCapacityAsync(string planId, int capacity, CancellationToken cancellationToken) =>
        SetPlanCapacityAsync(planId, capacity, null, cancellationToken);

    /// <summary>
    /// GET-modify-PUT {plan} with sku.capacity, polling to completion, only while the plan still has
    /// <paramref name="expectedCapacity"/> (when given) or already has <paramref name="capacity"/>: a decision taken on one
    /// capacity is not written over a change someone else made since (an alert's scale-out, an operator). Returns the plan as
    /// it is after the call: its capacity is not <paramref name="capacity"/> when nothing was written for that reason.
    /// </summary>
    Task<PlanState> SetPlanCapacityAsync(string planId, int capacity, int? expectedCapacity, CancellationToken cancellationToken);
}
