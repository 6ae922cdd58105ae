using System.Globalization;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Workflows.Ports;

namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>
/// App Service at the port level: one site with a production and a staging slot on one plan. Reads
/// answer from the current state; every write changes it as ARM would and is recorded, in order, as
/// one line of <see cref="AzureWrites"/>. A scenario can make a write fail before it lands.
/// </summary>
internal sealed class FakeAppService(int capacity) : IAppServiceClient
{
    /// <summary>The build deployed to production before the release.</summary>
    public const string PreviousBuild = "v1";

    /// <summary>The build CI deployed to staging.</summary>
    public const string NewBuild = "v2";

    private readonly Lock _gate = new();
    private readonly List<string> _writes = [];
    private readonly Dictionary<string, string> _builds = new(StringComparer.OrdinalIgnoreCase)
    {
        [SlotNames.Production] = PreviousBuild,
        [ScenarioWorld.Staging] = NewBuild,
    };

    private string? _stagingTargetSwapSlot;
    private SlotSwapStatus? _lastSwap;
    private IReadOnlyList<RoutingRule> _routing = [];
    private int _capacity = capacity;

    /// <summary>Gets or sets a fault: given the write about to happen, the exception to throw instead (null lets it land).</summary>
    public Func<string, Exception?>? Fault { get; set; }

    /// <summary>
    /// Gets or sets a fault after the write: given the write that just landed (and is recorded), the exception the
    /// caller sees anyway, as when ARM applied a change but the response never made it back.
    /// </summary>
    public Func<string, Exception?>? FaultAfterWrite { get; set; }

    /// <summary>Gets or sets a read fault: given the read about to happen (e.g. "getSite stagign"), the exception to throw (null answers).</summary>
    public Func<string, Exception?>? ReadFault { get; set; }

    /// <summary>Gets the writes so far, in order.</summary>
    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>Gets the plan's current instance count.</summary>
    public int Capacity
    {
        get
        {
            lock (_gate)
            {
                return _capacity;
            }
        }
    }

    /// <summary>Gets the current routing rules.</summary>
    public IReadOnlyList<RoutingRule> Routing
    {
        get
        {
            lock (_gate)
            {
                return _routing;
            }
        }
    }

    /// <summary>Gets the slot a swap with preview is pending towards, if any.</summary>
    public string? PendingPreview
    {
        get
        {
            lock (_gate)
            {
                return _stagingTargetSwapSlot;
            }
        }
    }

    /// <summary>Returns the build a slot serves.</summary>
    public string BuildIn(string? slot)
    {
        lock (_gate)
        {
            return _builds[SlotNames.Normalize(slot)];
        }
    }

    public Task<SiteState> GetSiteAsync(string siteId, string? slot, CancellationToken cancellationToken)
    {
        string name = SlotNames.Normalize(slot);
        if (ReadFault?.Invoke($"getSite {name}") is { } failure)
        {
            return Task.FromException<SiteState>(failure);
        }

        var id = AzureResourceId.Parse(siteId).WithSlot(name);
        string host = SlotNames.IsProduction(name) ? "app-scenario.azurewebsites.net" : $"app-scenario-{name}.azurewebsites.net";
        lock (_gate)
        {
            var state = new SiteState(
                id.ToString(),
                name,
                "Running",
                SlotNames.IsProduction(name) ? null : _stagingTargetSwapSlot,
                SlotNames.IsProduction(name) ? _lastSwap : null,
                ScenarioWorld.PlanId,
                host,
                [host],
                "West Europe")
            {
                // ARR affinity off: the scenario site keeps no in-process sessions, so a drain costs nothing.
                ClientAffinityEnabled = false,
            };
            return Task.FromResult(state);
        }
    }

    public Task<IReadOnlyList<SiteState>> ListSlotsAsync(string siteId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The workflows do not list slots.");

    public Task<IReadOnlyList<SiteInstance>> ListInstancesAsync(string siteId, string? slot, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SiteInstance>>([new SiteInstance("instance-a", "READY"), new SiteInstance("instance-b", "READY")]);

    public Task<IReadOnlyList<string>> GetAppSettingNamesAsync(string siteId, string? slot, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(["APPLICATIONINSIGHTS_CONNECTION_STRING", "FEATURE_FLAGS"]);

    /// <summary>Each slot's build is recorded in <see cref="Core.Upgrade.BuildIdentityPolicy.DefaultAppSetting"/>, as CI sets it.</summary>
    public Task<string?> GetAppSettingValueAsync(string siteId, string? slot, string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(string.Equals(name, Core.Upgrade.BuildIdentityPolicy.DefaultAppSetting, StringComparison.OrdinalIgnoreCase)
                ? _builds.GetValueOrDefault(SlotNames.Normalize(slot))
                : null);
        }
    }

    public Task<string?> GetContainerImageAsync(string siteId, string? slot, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<string?>($"DOCKER|fake.azurecr.io/app:{_builds.GetValueOrDefault(SlotNames.Normalize(slot))}");
        }
    }

    public Task<SlotConfigNames> GetSlotConfigNamesAsync(string siteId, CancellationToken cancellationToken) =>
        Task.FromResult(new SlotConfigNames([], []));

    public Task ApplySlotConfigAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken) =>
        WriteAsync($"applySlotConfig {sourceSlot}→{SlotNames.Normalize(targetSlot)}", () => _stagingTargetSwapSlot = SlotNames.Normalize(targetSlot));

    public Task ResetSlotConfigAsync(string siteId, string? slot, CancellationToken cancellationToken) =>
        WriteAsync($"resetSlotConfig {SlotNames.Normalize(slot)}", () => _stagingTargetSwapSlot = null);

    public Task SwapAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken) =>
        WriteAsync($"swap {sourceSlot}→{SlotNames.Normalize(targetSlot)}", () =>
        {
            string source = SlotNames.Normalize(sourceSlot);
            string target = SlotNames.Normalize(targetSlot);
            (_builds[source], _builds[target]) = (_builds[target], _builds[source]);
            _stagingTargetSwapSlot = null;

            // slotSwapStatus.timestampUtc only moves forward, so a swap back is always newer than the swap.
            var now = DateTimeOffset.UtcNow;
            var at = _lastSwap is { } last && now <= last.TimestampUtc ? last.TimestampUtc.AddTicks(1) : now;
            _lastSwap = new SlotSwapStatus(at, source, target);
        });

    public Task<IReadOnlyList<RoutingRule>> GetRoutingAsync(string siteId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_routing);
        }
    }

    public Task SetRoutingAsync(string siteId, IReadOnlyList<RoutingRule> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        string write = rules.Count == 0
            ? AzureWrites.RoutingOff
            : string.Join(", ", rules.Select(r => string.Create(CultureInfo.InvariantCulture, $"setRouting {r.Name} {r.ReroutePercentage} %")));
        return WriteAsync(write, () => _routing = [.. rules]);
    }

    public Task<PlanState> GetPlanAsync(string planId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Plan());
        }
    }

    public async Task<IReadOnlyList<SiteState>> ListPlanSitesAsync(string planId, CancellationToken cancellationToken) =>
        [await GetSiteAsync(ScenarioWorld.SiteId, SlotNames.Production, cancellationToken)];

    public async Task<PlanState> SetPlanCapacityAsync(string planId, int capacity, int? expectedCapacity, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_capacity != capacity && expectedCapacity is { } expected && _capacity != expected)
            {
                return Plan();
            }
        }

        await WriteAsync(AzureWrites.Capacity(capacity), () => _capacity = capacity);
        lock (_gate)
        {
            return Plan();
        }
    }

    private PlanState Plan() => new(ScenarioWorld.PlanId, "West Europe", "P1v3", "PremiumV3", _capacity, false, 10, "Succeeded");

    private Task WriteAsync(string write, Action apply)
    {
        if (Fault?.Invoke(write) is { } failure)
        {
            return Task.FromException(failure);
        }

        lock (_gate)
        {
            apply();
            _writes.Add(write);
        }

        return FaultAfterWrite?.Invoke(write) is { } lost ? Task.FromException(lost) : Task.CompletedTask;
    }
}
