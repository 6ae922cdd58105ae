using System.Globalization;
using Seamless.Core.Resources;
using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Model;

/// <summary>Builds the simulated <see cref="FleetModel"/> from a <see cref="FleetSpec"/>, validating it (names, capacities).</summary>
internal sealed class FleetBuilder(int seed, DateTimeOffset start, string? baseDirectory)
{
    private readonly FleetModel _fleet = new();
    private readonly long _startMinute = SimulatorState.MinuteOf(start);

    /// <summary>Builds the fleet (plans with their initial instances, sites with their slots, warm since a day before the start).</summary>
    public FleetModel Build(FleetSpec fleet)
    {
        var initialStart = start.AddDays(-1);
        foreach (var sub in fleet.Subscriptions)
        {
            foreach (var rg in sub.ResourceGroups)
            {
                foreach (var planSpec in rg.Plans)
                {
                    var planId = AzureResourceId.Parse($"/subscriptions/{sub.Id}/resourceGroups/{rg.Name}/providers/Microsoft.Web/serverfarms/{planSpec.Name}");
                    if (_fleet.Plans.Any(p => p.Id.Equals(planId)))
                    {
                        throw new InvalidDataException($"Plan '{planId}' is defined twice.");
                    }

                    if (planSpec.Capacity < 1 || planSpec.Capacity > planSpec.MaximumNumberOfWorkers)
                    {
                        throw new InvalidDataException($"Plan '{planSpec.Name}': capacity must be between 1 and maximumNumberOfWorkers.");
                    }

                    var plan = new PlanModel
                    {
                        Id = planId,
                        Location = rg.Location,
                        Region = RegionOf(rg.Location),
                        Sku = planSpec.Sku,
                        MaximumNumberOfWorkers = planSpec.MaximumNumberOfWorkers,
                        ZoneRedundant = planSpec.ZoneRedundant,
                        RequestsPerInstancePerMinute = planSpec.RequestsPerInstancePerMinute > 0 ? planSpec.RequestsPerInstancePerMinute : PlanSpec.DefaultRequestsPerInstancePerMinute,
                        InitialCapacity = planSpec.Capacity,
                    };
                    for (int i = 0; i < planSpec.Capacity; i++)
                    {
                        plan.Instances.Add(NewInstance(plan, seed, initialStart));
                    }

                    _fleet.InitialInstances[plan] = [.. plan.Instances];
                    _fleet.Plans.Add(plan);
                    foreach (var siteSpec in planSpec.Sites)
                    {
                        AddSite(plan, siteSpec, initialStart);
                    }
                }
            }
        }

        return _fleet;
    }

    private void AddSite(PlanModel plan, SiteSpec spec, DateTimeOffset initialStart)
    {
        var id = AzureResourceId.Parse($"/subscriptions/{plan.Id.SubscriptionId}/resourceGroups/{plan.Id.ResourceGroup}/providers/Microsoft.Web/sites/{spec.Name}");
        if (_fleet.Sites.ContainsKey(spec.Name))
        {
            throw new InvalidDataException($"Site '{spec.Name}' is defined twice (site names are global).");
        }

        var load = LoadModel.Create(spec.Load, seed, id.ToString(), _startMinute, baseDirectory);
        var prodBuild = spec.Version is null ? spec.Build : spec.Build with { Version = spec.Version };
        SiteModel site = null!;
        site = new SiteModel
        {
            Id = id,
            Plan = plan,
            Load = load,
            Production = null!,
            Drain = SiteDrainState.From(spec),
        };
        site.Production = NewSlot(site, SlotNames.Production, prodBuild, spec.AppSettings, spec.HealthCheckPath, initialStart);
        site.Production.Runtime.ProductionSince = initialStart;
        site.StickyAppSettingNames.AddRange(spec.SlotSettingNames);
        foreach (var slotSpec in spec.Slots)
        {
            if (SlotNames.IsProduction(slotSpec.Name) || site.Slots.ContainsKey(slotSpec.Name))
            {
                throw new InvalidDataException($"Site '{spec.Name}': slot '{slotSpec.Name}' is invalid or duplicated.");
            }

            var build = slotSpec.Version is null ? slotSpec.Build : slotSpec.Build with { Version = slotSpec.Version };
            site.Slots[slotSpec.Name] = NewSlot(site, slotSpec.Name, build, slotSpec.AppSettings, spec.HealthCheckPath, initialStart);
        }

        plan.Sites.Add(site);
        _fleet.Sites[spec.Name] = site;
        _fleet.InitialSites[site] = (prodBuild, load);
        foreach (var slot in site.AllSlots)
        {
            _fleet.Hosts[slot.HostName] = slot;
        }
    }

    private SlotModel NewSlot(SiteModel site, string name, BuildSpec build, IReadOnlyDictionary<string, string> settings, string? healthCheckPath, DateTimeOffset startedAt)
    {
        var runtime = new SlotRuntime { Build = build, DeployedAt = startedAt };
        foreach (var i in site.Plan.Instances)
        {
            runtime.Processes[i.Id] = new ProcessState { StartedAt = startedAt, NeedsRequest = false };
        }

        bool production = SlotNames.IsProduction(name);
        return new SlotModel
        {
            Site = site,
            Name = production ? SlotNames.Production : name,
            Id = site.Id.WithSlot(name),
            HostName = production ? $"{site.Name}.azurewebsites.net" : $"{site.Name}-{name}.azurewebsites.net",
            Runtime = runtime,
            AppSettings = InitialAppSettings(settings, build),
            HealthCheckPath = healthCheckPath,
            LastModified = start,
        };
    }

    /// <summary>A slot's settings as CI left them at its last deployment: the fleet's own value of the version setting wins (empty: not recorded).</summary>
    private static Dictionary<string, string> InitialAppSettings(IReadOnlyDictionary<string, string> settings, BuildSpec build)
    {
        var result = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase);
        BuildIdentity.Record(result, result.GetValueOrDefault(BuildIdentity.VersionSettingName) ?? build.Version);
        return result;
    }


    /// <summary>A new instance of <paramref name="plan"/> (id and weight deterministic with the seed).</summary>
    public static InstanceModel NewInstance(PlanModel plan, int seed, DateTimeOffset inLoadBalancerFrom)
    {
        string key = plan.Id + "#" + plan.NextOrdinal.ToString(CultureInfo.InvariantCulture);
        plan.NextOrdinal++;
        return new InstanceModel
        {
            Id = Noise.HexId(seed, key),
            Weight = 1 + (0.08 * Noise.Signed(seed, key, -1)),
            InLoadBalancerFrom = inLoadBalancerFrom,
        };
    }

    public static string RegionOf(string location) =>
        new string(location.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();

}
