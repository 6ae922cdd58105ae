namespace Seamless.Core.Model;

/// <summary>State of an App Service site or one of its slots, as Seamless needs it.</summary>
/// <param name="Id">The ARM id of the site or slot.</param>
/// <param name="Slot">"production" or the slot name.</param>
/// <param name="State">ARM <c>properties.state</c>, e.g. "Running" or "Stopped".</param>
/// <param name="TargetSwapSlot">ARM <c>properties.targetSwapSlot</c>: non-null while a swap with preview is pending.</param>
/// <param name="LastSwap">ARM <c>properties.slotSwapStatus</c>: the last successful swap.</param>
/// <param name="ServerFarmId">The plan the site runs on.</param>
/// <param name="DefaultHostName">The default host name of this slot.</param>
/// <param name="HostNames">All host names of this slot.</param>
/// <param name="Location">The Azure region display name.</param>
public sealed record SiteState(
    string Id,
    string Slot,
    string State,
    string? TargetSwapSlot,
    SlotSwapStatus? LastSwap,
    string ServerFarmId,
    string DefaultHostName,
    IReadOnlyList<string> HostNames,
    string Location)
{
    /// <summary>Gets ARM <c>properties.inProgressOperationId</c>: non-null while an operation (a swap, for one) runs on the site.</summary>
    public string? InProgressOperationId { get; init; }

    /// <summary>Gets ARM <c>properties.clientAffinityEnabled</c> (ARR affinity); null when ARM did not say.</summary>
    public bool? ClientAffinityEnabled { get; init; }

    /// <summary>Gets a value indicating whether the slot is running.</summary>
    public bool IsRunning => string.Equals(State, "Running", StringComparison.OrdinalIgnoreCase);
}

/// <summary>ARM <c>slotSwapStatus</c>.</summary>
/// <param name="TimestampUtc">When the swap completed.</param>
/// <param name="SourceSlotName">The source slot.</param>
/// <param name="DestinationSlotName">The destination slot.</param>
public sealed record SlotSwapStatus(DateTimeOffset TimestampUtc, string SourceSlotName, string DestinationSlotName);

/// <summary>One instance (worker) serving a site slot.</summary>
/// <param name="InstanceId">The instance name as ARM lists it (also the ARRAffinity value).</param>
/// <param name="State">The instance state if reported (e.g. "READY").</param>
public sealed record SiteInstance(string InstanceId, string? State);

/// <summary>Names of sticky (slot) settings. Names only: values are never read or logged.</summary>
/// <param name="AppSettingNames">Sticky app setting names.</param>
/// <param name="ConnectionStringNames">Sticky connection string names.</param>
public sealed record SlotConfigNames(IReadOnlyList<string> AppSettingNames, IReadOnlyList<string> ConnectionStringNames);

/// <summary>A traffic routing rule (<c>experiments.rampUpRules[]</c>).</summary>
/// <param name="Name">The slot name.</param>
/// <param name="ActionHostName">The slot host name traffic is routed to.</param>
/// <param name="ReroutePercentage">Share of production traffic sent to the slot, 0-100.</param>
public sealed record RoutingRule(string Name, string ActionHostName, double ReroutePercentage);

/// <summary>State of an App Service plan.</summary>
/// <param name="Id">The ARM id.</param>
/// <param name="Location">The region display name.</param>
/// <param name="SkuName">e.g. "P1v3".</param>
/// <param name="SkuTier">e.g. "PremiumV3".</param>
/// <param name="Capacity">The instance count (<c>sku.capacity</c>).</param>
/// <param name="ZoneRedundant">Whether the plan is zone redundant (minimum 2 instances, 3 recommended).</param>
/// <param name="MaximumNumberOfWorkers">The tier's instance limit.</param>
/// <param name="ProvisioningState">ARM provisioning state.</param>
public sealed record PlanState(
    string Id,
    string Location,
    string SkuName,
    string SkuTier,
    int Capacity,
    bool ZoneRedundant,
    int MaximumNumberOfWorkers,
    string? ProvisioningState)
{
    /// <summary>
    /// Apps on the plan as ARM counts them (<c>properties.numberOfSites</c>); null when the response did not say. A
    /// resource group's site listing is checked against it before it answers for the plan's sites.
    /// </summary>
    public int? NumberOfSites { get; init; }
}
