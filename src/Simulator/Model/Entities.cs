using Seamless.Core.Resources;
using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Model;

/// <summary>A plan with its instances and metric buckets. Guarded by the state's lock.</summary>
internal sealed class PlanModel
{
    public required AzureResourceId Id { get; init; }

    public required string Location { get; init; }

    public required string Region { get; init; }

    public required SkuSpec Sku { get; init; }

    public required int MaximumNumberOfWorkers { get; init; }

    public required bool ZoneRedundant { get; init; }

    public required double RequestsPerInstancePerMinute { get; init; }

    public required int InitialCapacity { get; init; }

    public List<InstanceModel> Instances { get; } = [];

    public List<SiteModel> Sites { get; } = [];

    public int NextOrdinal { get; set; }

    public int? PendingCapacity { get; set; }

    public string? BusyOperationId { get; set; }

    public Dictionary<long, PlanMinute> Minutes { get; } = [];

    public string Name => Id.Name;
}

/// <summary>A plan instance (worker).</summary>
internal sealed class InstanceModel
{
    public required string Id { get; init; }

    /// <summary>Gets the relative share of the plan's traffic this instance gets (mean 1 over the plan).</summary>
    public required double Weight { get; init; }

    public required DateTimeOffset InLoadBalancerFrom { get; set; }

    public double Queue { get; set; }

    /// <summary>Gets the noise key of the instance's CPU gauge, hashed once (the physics draws it every step).</summary>
    public ulong CpuNoiseKey => field != 0 ? field : field = Noise.KeyHash(Id + "cpu");

    /// <summary>Gets the noise key of the instance's memory gauge, hashed once.</summary>
    public ulong MemoryNoiseKey => field != 0 ? field : field = Noise.KeyHash(Id + "mem");
}

/// <summary>A site and its slots.</summary>
internal sealed class SiteModel
{
    public required AzureResourceId Id { get; init; }

    public required PlanModel Plan { get; init; }

    public required LoadModel Load { get; set; }

    /// <summary>Gets the site's affinity, request durations, sessions and scale-in damage.</summary>
    public required SiteDrainState Drain { get; init; }

    public required SlotModel Production { get; set; }

    public Dictionary<string, SlotModel> Slots { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> StickyAppSettingNames { get; } = [];

    public List<string> StickyConnectionStringNames { get; } = [];

    /// <summary>Gets the routing rules (<c>experiments.rampUpRules</c> of production's config/web).</summary>
    public List<RampUpRule> RampUpRules { get; } = [];

    public string? BusyOperationId { get; set; }

    public string? BusyKind { get; set; }

    public string Name => Id.Name;

    public IEnumerable<SlotModel> AllSlots => Slots.Values.Prepend(Production);

    public SlotModel? FindSlot(string? name) =>
        SlotNames.IsProduction(name) ? Production : Slots.GetValueOrDefault(name!);

    /// <summary>Share of production traffic each slot receives under the routing rules (production gets the rest).</summary>
    public Dictionary<SlotModel, double> TrafficShares()
    {
        var shares = new Dictionary<SlotModel, double>();
        double routed = 0;
        foreach (var rule in RampUpRules)
        {
            var slot = RuleSlot(rule);
            double pct = rule.ReroutePercentage;
            if (slot is null || slot.IsProduction || pct <= 0)
            {
                continue;
            }

            double share = Math.Min(pct / 100.0, 1 - routed);
            routed += share;
            shares[slot] = shares.GetValueOrDefault(slot) + share;
        }

        shares[Production] = Math.Max(0, 1 - routed);
        return shares;
    }

    /// <summary>The slot a routing rule sends traffic to: by host name, else by the rule's name.</summary>
    public SlotModel? RuleSlot(RampUpRule rule) =>
        AllSlots.FirstOrDefault(s => string.Equals(s.HostName, rule.ActionHostName, StringComparison.OrdinalIgnoreCase))
            ?? (rule.Name is null ? null : FindSlot(rule.Name));
}

/// <summary>A slot (production included): host name, settings, config and the app runtime it currently holds.</summary>
internal sealed class SlotModel
{
    public required SiteModel Site { get; init; }

    public required string Name { get; init; }

    public required AzureResourceId Id { get; init; }

    public required string HostName { get; init; }

    public required SlotRuntime Runtime { get; set; }

    /// <summary>Gets or sets the effective app settings of the slot.</summary>
    public required Dictionary<string, string> AppSettings { get; set; }

    /// <summary>Gets or sets the settings before applySlotConfig, restored by resetSlotConfig.</summary>
    public Dictionary<string, string>? PreparedBackup { get; set; }

    public string? TargetSwapSlot { get; set; }

    public SwapSnapshot? LastSwap { get; set; }

    /// <summary>Gets or sets the <c>config/web</c> health check path (a change restarts the slot's app).</summary>
    public string? HealthCheckPath { get; set; }

    /// <summary>
    /// Gets the <c>config/web</c> properties written that the simulator only shows back: name to raw JSON text, in the
    /// order first written. The model stores the text and never parses it; the Http layer renders it.
    /// </summary>
    public OrderedDictionary<string, string> EchoedConfig { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset LastModified { get; set; }

    public Dictionary<long, SlotMinute> Minutes { get; } = [];

    /// <summary>Returns the slot's bucket of a minute, created empty when it has none yet.</summary>
    public SlotMinute MinuteBucket(long minute)
    {
        if (!Minutes.TryGetValue(minute, out var bucket))
        {
            bucket = new SlotMinute();
            Minutes[minute] = bucket;
        }

        return bucket;
    }

    public bool IsProduction => SlotNames.IsProduction(Name);
}

/// <summary>The app a slot runs: the deployed build and one process per plan instance. Swaps move it between slots.</summary>
internal sealed class SlotRuntime
{
    public required BuildSpec Build { get; set; }

    public DateTimeOffset DeployedAt { get; set; }

    public DateTimeOffset? ProductionSince { get; set; }

    public Dictionary<string, ProcessState> Processes { get; } = new(StringComparer.Ordinal);

    public ProcessState Process(string instanceId, DateTimeOffset now)
    {
        if (!Processes.TryGetValue(instanceId, out var p))
        {
            p = new ProcessState { StartedAt = now, NeedsRequest = false };
            Processes[instanceId] = p;
        }

        return p;
    }

    public void Restart(IEnumerable<InstanceModel> instances, DateTimeOffset now)
    {
        Processes.Clear();
        foreach (var i in instances)
        {
            Processes[i.Id] = new ProcessState { StartedAt = now, NeedsRequest = true };
        }
    }
}

/// <summary>The app process of one slot on one instance.</summary>
internal sealed class ProcessState
{
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets a value indicating whether the app initialises only on its first request (true after restarts; platform start-ups warm themselves).</summary>
    public required bool NeedsRequest { get; init; }

    public DateTimeOffset? InitialisedAt { get; set; }
}

/// <summary>Metric accumulator of a gauge (time-weighted).</summary>
internal sealed class GaugeAcc
{
    public double WeightedSum { get; set; }

    public double Weight { get; set; }

    public double Min { get; set; } = double.MaxValue;

    public double Max { get; set; } = double.MinValue;

    public int Samples { get; set; }

    public double Average => Weight > 0 ? WeightedSum / Weight : 0;

    public void Add(double value, double weight)
    {
        WeightedSum += value * weight;
        Weight += weight;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        Samples++;
    }
}

/// <summary>Per-instance plan metrics of one minute.</summary>
internal sealed class PlanMinute
{
    public Dictionary<string, (GaugeAcc Cpu, GaugeAcc Memory, GaugeAcc Queue)> Instances { get; } = new(StringComparer.Ordinal);

    public (GaugeAcc Cpu, GaugeAcc Memory, GaugeAcc Queue) For(string instanceId)
    {
        if (!Instances.TryGetValue(instanceId, out var acc))
        {
            acc = (new GaugeAcc(), new GaugeAcc(), new GaugeAcc());
            Instances[instanceId] = acc;
        }

        return acc;
    }
}

/// <summary>Request accumulator of one slot on one instance in one minute.</summary>
internal sealed class RequestAcc
{
    public double Requests { get; set; }

    public double Failed { get; set; }

    public double LatencySumMs { get; set; }

    public double MinLatencyMs { get; set; } = double.MaxValue;

    public double MaxLatencyMs { get; set; }

    public void Add(double requests, double failed, double latencyMs)
    {
        if (requests <= 0)
        {
            return;
        }

        Requests += requests;
        Failed += failed;
        LatencySumMs += requests * latencyMs;
        MinLatencyMs = Math.Min(MinLatencyMs, latencyMs);
        MaxLatencyMs = Math.Max(MaxLatencyMs, latencyMs);
    }
}

/// <summary>Slot metrics and user traffic of one minute.</summary>
internal sealed class SlotMinute
{
    public Dictionary<string, RequestAcc> Instances { get; } = new(StringComparer.Ordinal);

    public double UserRequests { get; set; }

    public double UserFailed { get; set; }

    public List<(double LatencyMs, double Weight)> UserLatencies { get; } = [];

    public RequestAcc For(string instanceId)
    {
        if (!Instances.TryGetValue(instanceId, out var acc))
        {
            acc = new RequestAcc();
            Instances[instanceId] = acc;
        }

        return acc;
    }

    public void AddUser(double requests, double failed, double latencyMs)
    {
        if (requests <= 0)
        {
            return;
        }

        UserRequests += requests;
        UserFailed += failed;
        UserLatencies.Add((latencyMs, requests));
    }
}
