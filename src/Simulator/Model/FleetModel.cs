using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Model;

/// <summary>
/// The simulated fleet: plans with their instances, sites with their slots, and the initial fleet the history is
/// computed from. Built by <see cref="FleetBuilder"/>. Not thread-safe: only <see cref="SimulatorState"/> holds one, under its lock.
/// </summary>
internal sealed class FleetModel
{
    /// <summary>Gets the plans in definition order.</summary>
    public List<PlanModel> Plans { get; } = [];

    /// <summary>Gets the sites by name (site names are global).</summary>
    public Dictionary<string, SiteModel> Sites { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets every slot by host name.</summary>
    public Dictionary<string, SlotModel> Hosts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the production build and load of each site at the start (history).</summary>
    public Dictionary<SiteModel, (BuildSpec Build, LoadModel Load)> InitialSites { get; } = [];

    /// <summary>Gets the instances of each plan at the start (history).</summary>
    public Dictionary<PlanModel, List<InstanceModel>> InitialInstances { get; } = [];

    public SiteModel RequireSite(string name) =>
        Sites.GetValueOrDefault(name) ?? throw new ArgumentException($"Unknown site '{name}'.", nameof(name));

    public PlanModel RequirePlan(string name) =>
        Plans.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown plan '{name}'.", nameof(name));

    public SiteModel? FindSite(string subscription, string resourceGroup, string name) =>
        Sites.GetValueOrDefault(name) is { } s
        && string.Equals(s.Id.SubscriptionId, subscription, StringComparison.OrdinalIgnoreCase)
        && string.Equals(s.Id.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase)
            ? s
            : null;

    public PlanModel? FindPlan(string subscription, string resourceGroup, string name) =>
        Plans.FirstOrDefault(p =>
            string.Equals(p.Id.SubscriptionId, subscription, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Id.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public SlotModel? FindHost(string host) => Hosts.GetValueOrDefault(host);

    /// <summary>The plans of a resource group, in definition order.</summary>
    public IEnumerable<PlanModel> PlansIn(string subscription, string resourceGroup) =>
        Plans.Where(p =>
            string.Equals(p.Id.SubscriptionId, subscription, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Id.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sites of a resource group, by plan in definition order.</summary>
    public IEnumerable<SiteModel> SitesIn(string subscription, string resourceGroup) =>
        Plans.SelectMany(p => p.Sites).Where(s =>
            string.Equals(s.Id.SubscriptionId, subscription, StringComparison.OrdinalIgnoreCase)
            && string.Equals(s.Id.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase));
}
