namespace Seamless.Simulator.Model;

/// <summary>A snapshot of the whole fleet (what <c>GET /_sim/state</c> returns).</summary>
/// <param name="Now">Simulated time now.</param>
/// <param name="Scale">Simulated seconds per real second.</param>
/// <param name="Plans">The plans and their sites.</param>
public sealed record FleetSnapshot(DateTimeOffset Now, double Scale, IReadOnlyList<PlanSnapshot> Plans)
{
    /// <summary>Finds a site by name.</summary>
    public SiteSnapshot Site(string name) =>
        Plans.SelectMany(p => p.Sites).First(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds a plan by name.</summary>
    public PlanSnapshot Plan(string name) =>
        Plans.First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>State of a plan.</summary>
/// <param name="Id">ARM id.</param>
/// <param name="Name">Name.</param>
/// <param name="Region">Region, e.g. "westeurope".</param>
/// <param name="SkuName">SKU name.</param>
/// <param name="Capacity">Current instance count.</param>
/// <param name="PendingCapacity">Capacity being applied by a running operation, if any.</param>
/// <param name="ZoneRedundant">Zone redundancy.</param>
/// <param name="MaximumNumberOfWorkers">Tier limit.</param>
/// <param name="RequestsPerInstancePerMinute">Requests one instance serves per minute at 100 %.</param>
/// <param name="Utilisation">Demand / capacity over the instances in the load balancer, now.</param>
/// <param name="Instances">Instances.</param>
/// <param name="Sites">Sites on the plan.</param>
public sealed record PlanSnapshot(
    string Id,
    string Name,
    string Region,
    string SkuName,
    int Capacity,
    int? PendingCapacity,
    bool ZoneRedundant,
    int MaximumNumberOfWorkers,
    double RequestsPerInstancePerMinute,
    double Utilisation,
    IReadOnlyList<InstanceSnapshot> Instances,
    IReadOnlyList<SiteSnapshot> Sites)
{
    /// <summary>Gets the instances that left the load balancer and are draining (not counted in <see cref="Capacity"/>).</summary>
    public IReadOnlyList<string> Draining { get; init; } = [];
}

/// <summary>A plan instance.</summary>
/// <param name="Id">Instance id (ARRAffinity value).</param>
/// <param name="InLoadBalancer">Whether it receives traffic (new instances join once started).</param>
/// <param name="QueueLength">Backlog of queued requests.</param>
public sealed record InstanceSnapshot(string Id, bool InLoadBalancer, double QueueLength);

/// <summary>State of a site.</summary>
/// <param name="Id">ARM id.</param>
/// <param name="Name">Name.</param>
/// <param name="RequestsPerMinute">Current user demand.</param>
/// <param name="SlotSettingNames">Sticky app setting names.</param>
/// <param name="Routing">Routing rules: slot name → percentage of production traffic.</param>
/// <param name="OperationInProgress">Kind of a running long-running operation, if any.</param>
/// <param name="Slots">Production first, then the other slots.</param>
public sealed record SiteSnapshot(
    string Id,
    string Name,
    double RequestsPerMinute,
    IReadOnlyList<string> SlotSettingNames,
    IReadOnlyDictionary<string, double> Routing,
    string? OperationInProgress,
    IReadOnlyList<SlotSnapshot> Slots)
{
    /// <summary>Gets the site's affinity, request durations, live sessions and what scale-in did to its users.</summary>
    public SiteDrainSnapshot? Drain { get; init; }

    /// <summary>Finds a slot by name ("production" for the site itself).</summary>
    public SlotSnapshot Slot(string name) =>
        Slots.First(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>State of a slot (production included).</summary>
/// <param name="Name">"production" or the slot name.</param>
/// <param name="Id">ARM id.</param>
/// <param name="HostName">Default host name.</param>
/// <param name="Version">Deployed version.</param>
/// <param name="TargetSwapSlot">Set while a swap with preview is pending.</param>
/// <param name="LastSwap">The last completed swap, if any.</param>
/// <param name="AppSettingNames">Names of the effective app settings (values are not exposed here).</param>
/// <param name="Instances">Per-instance state of this slot's app.</param>
public sealed record SlotSnapshot(
    string Name,
    string Id,
    string HostName,
    string Version,
    string? TargetSwapSlot,
    SwapSnapshot? LastSwap,
    IReadOnlyList<string> AppSettingNames,
    IReadOnlyList<SlotInstanceSnapshot> Instances)
{
    /// <summary>Gets a value indicating whether every instance serves correctly.</summary>
    public bool AllWarm => Instances.All(i => i.Warm);
}

/// <summary>The last swap of a slot.</summary>
/// <param name="TimestampUtc">Completion time.</param>
/// <param name="SourceSlotName">Source.</param>
/// <param name="DestinationSlotName">Destination.</param>
public sealed record SwapSnapshot(DateTimeOffset TimestampUtc, string SourceSlotName, string DestinationSlotName);

/// <summary>The app of one slot on one instance.</summary>
/// <param name="InstanceId">Instance id.</param>
/// <param name="State">"starting" (cold, answers 503), "waiting-for-request" (started, needs one request), "warming" (serving, still slow), "warm", or "failed".</param>
/// <param name="Warm">Whether it serves correctly.</param>
/// <param name="StartedAt">When the app process last (re)started.</param>
public sealed record SlotInstanceSnapshot(string InstanceId, string State, bool Warm, DateTimeOffset StartedAt);

/// <summary>A write operation (or faulted call) the simulator received.</summary>
/// <param name="Id">Operation id (also the long-running operation id when there is one).</param>
/// <param name="Kind">e.g. slotsswap, applySlotConfig, resetSlotConfig, setRouting, setCapacity, deploy, setLoad.</param>
/// <param name="Target">ARM id (or site name for control actions).</param>
/// <param name="SimTime">Simulated time it was received.</param>
/// <param name="Result">Accepted, Succeeded, Failed, Rejected, or "Faulted:{kind}".</param>
/// <param name="StatusCode">HTTP status returned.</param>
/// <param name="Faulted">Whether an injected fault decided the outcome.</param>
/// <param name="Detail">Human detail (body summary or error message).</param>
/// <param name="CompletedAt">Simulated completion time of a long-running operation.</param>
public sealed record SimOperation(
    string Id,
    string Kind,
    string Target,
    DateTimeOffset SimTime,
    string Result,
    int StatusCode,
    bool Faulted,
    string? Detail,
    DateTimeOffset? CompletedAt);

/// <summary>What users of one slot experienced in one simulated minute.</summary>
/// <param name="Minute">Minute start.</param>
/// <param name="Requests">User requests served by the slot.</param>
/// <param name="Failed">Failed requests (5xx and dropped).</param>
/// <param name="P50LatencyMs">Median latency.</param>
/// <param name="P99LatencyMs">99th percentile latency.</param>
public sealed record TrafficMinute(DateTimeOffset Minute, double Requests, double Failed, double P50LatencyMs, double P99LatencyMs);
