namespace Seamless.Simulator.Fleet;

/// <summary>The simulated fleet: subscriptions → resource groups → plans → sites → slots. JSON format in README.md.</summary>
public sealed record FleetSpec
{
    /// <summary>Gets the subscriptions.</summary>
    public IReadOnlyList<SubscriptionSpec> Subscriptions { get; set; } = [];

    /// <summary>A fleet of one subscription with one resource group holding the plans.</summary>
    /// <param name="subscriptionId">The subscription id.</param>
    /// <param name="resourceGroup">The resource group name.</param>
    /// <param name="location">The group's location.</param>
    /// <param name="plans">The plans.</param>
    /// <returns>The fleet.</returns>
    public static FleetSpec InOneResourceGroup(string subscriptionId, string resourceGroup, string location, IReadOnlyList<PlanSpec> plans) => new()
    {
        Subscriptions =
        [
            new SubscriptionSpec
            {
                Id = subscriptionId,
                ResourceGroups = [new ResourceGroupSpec { Name = resourceGroup, Location = location, Plans = plans }],
            },
        ],
    };
}

/// <summary>A subscription of the fleet.</summary>
public sealed record SubscriptionSpec
{
    /// <summary>Gets the subscription id (a GUID).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets the resource groups.</summary>
    public IReadOnlyList<ResourceGroupSpec> ResourceGroups { get; set; } = [];
}

/// <summary>A resource group; its location applies to every plan and site in it.</summary>
public sealed record ResourceGroupSpec
{
    /// <summary>Gets the resource group name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets the location display name, e.g. "West Europe".</summary>
    public string Location { get; set; } = "West Europe";

    /// <summary>Gets the App Service plans.</summary>
    public IReadOnlyList<PlanSpec> Plans { get; set; } = [];
}

/// <summary>An App Service plan and the sites that run on it (every app and slot runs on every instance).</summary>
public sealed record PlanSpec
{
    /// <summary>Default requests per minute one instance serves at 100 % utilisation.</summary>
    public const double DefaultRequestsPerInstancePerMinute = 1000;

    /// <summary>Gets the plan name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets the SKU.</summary>
    public SkuSpec Sku { get; set; } = new();

    /// <summary>Gets the instance count (<c>sku.capacity</c>).</summary>
    public int Capacity { get; set; } = 3;

    /// <summary>Gets the tier's instance limit.</summary>
    public int MaximumNumberOfWorkers { get; set; } = 30;

    /// <summary>Gets a value indicating whether the plan is zone redundant (capacity is kept at 2 or more).</summary>
    public bool ZoneRedundant { get; set; }

    /// <summary>Gets the requests per minute one instance serves at 100 % utilisation.</summary>
    public double RequestsPerInstancePerMinute { get; set; } = DefaultRequestsPerInstancePerMinute;

    /// <summary>Gets the sites on this plan.</summary>
    public IReadOnlyList<SiteSpec> Sites { get; set; } = [];
}

/// <summary>ARM <c>sku</c> of a plan.</summary>
public sealed record SkuSpec
{
    /// <summary>Gets the SKU name, e.g. "P1v3".</summary>
    public string Name { get; set; } = "P1v3";

    /// <summary>Gets the tier, e.g. "PremiumV3".</summary>
    public string Tier { get; set; } = "PremiumV3";

    /// <summary>Gets the size, e.g. "P1v3".</summary>
    public string Size { get; set; } = "P1v3";

    /// <summary>Gets the family, e.g. "Pv3".</summary>
    public string Family { get; set; } = "Pv3";
}

/// <summary>A site: its production slot's build and settings, its other slots, sticky names and load.</summary>
public sealed record SiteSpec
{
    /// <summary>Gets the site name (also the host-name prefix).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets the production build (its <see cref="BuildSpec.Version"/> is the deployed version).</summary>
    public BuildSpec Build { get; set; } = new();

    /// <summary>Gets the production version; overrides <see cref="BuildSpec.Version"/> when set.</summary>
    public string? Version { get; set; }

    /// <summary>Gets the production app settings.</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; set; } = new Dictionary<string, string>();

    /// <summary>Gets the sticky (slot) app setting names (<c>slotConfigNames.appSettingNames</c>).</summary>
    public IReadOnlyList<string> SlotSettingNames { get; set; } = [];

    /// <summary>Gets the Health check path of <c>config/web</c>, if any.</summary>
    public string? HealthCheckPath { get; set; }

    /// <summary>Gets the user demand on the site.</summary>
    public LoadSpec Load { get; set; } = new();

    /// <summary>Gets the non-production slots.</summary>
    public IReadOnlyList<SlotSpec> Slots { get; set; } = [];

    /// <summary>Gets the site's ARR affinity (<c>clientAffinityEnabled</c>); on by default, as Azure creates sites.</summary>
    public bool ClientAffinityEnabled { get; set; } = true;

    /// <summary>Gets the share of requests (0-1) that are long; the rest take the build's latency. Default: none.</summary>
    public double LongRequestShare { get; set; }

    /// <summary>Gets how long a long request runs, in seconds.</summary>
    public double LongRequestSeconds { get; set; }
}

/// <summary>A non-production deployment slot.</summary>
public sealed record SlotSpec
{
    /// <summary>Gets the slot name, e.g. "staging".</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets the slot's build.</summary>
    public BuildSpec Build { get; set; } = new();

    /// <summary>Gets the slot's version; overrides <see cref="BuildSpec.Version"/> when set.</summary>
    public string? Version { get; set; }

    /// <summary>Gets the slot's app settings.</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; set; } = new Dictionary<string, string>();
}
