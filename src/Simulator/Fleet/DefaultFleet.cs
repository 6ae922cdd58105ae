namespace Seamless.Simulator.Fleet;

/// <summary>The fleet used when no file is given (the contract other components and the demo rely on).</summary>
public static class DefaultFleet
{
    /// <summary>The subscription id.</summary>
    public const string SubscriptionId = "11111111-1111-1111-1111-111111111111";

    /// <summary>The resource group.</summary>
    public const string ResourceGroup = "rg-seamless-demo";

    /// <summary>The location display name.</summary>
    public const string Location = "West Europe";

    /// <summary>The plan name.</summary>
    public const string PlanName = "plan-demo";

    /// <summary>The site name.</summary>
    public const string SiteName = "app-demo";

    /// <summary>The non-production slot.</summary>
    public const string StagingSlot = "staging";

    /// <summary>Gets the ARM id of the default site.</summary>
    public static string SiteId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.Web/sites/{SiteName}";

    /// <summary>Gets the ARM id of the default plan.</summary>
    public static string PlanId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.Web/serverfarms/{PlanName}";

    /// <summary>Creates the default fleet.</summary>
    public static FleetSpec Create() => FleetSpec.InOneResourceGroup(
        SubscriptionId,
        ResourceGroup,
        Location,
        [
            new PlanSpec
            {
                Name = PlanName,
                Sku = new SkuSpec { Name = "P1v3", Tier = "PremiumV3", Size = "P1v3", Family = "Pv3" },
                Capacity = 3,
                MaximumNumberOfWorkers = 30,
                ZoneRedundant = false,
                Sites =
                [
                    new SiteSpec
                    {
                        Name = SiteName,
                        Build = new BuildSpec { Version = "v1" },
                        AppSettings = new Dictionary<string, string>
                        {
                            ["ASPNETCORE_ENVIRONMENT"] = "Production",
                            ["FEATURE_X"] = "off",
                            ["WEBSITE_ADD_SITENAME_BINDINGS_IN_APPHOST_CONFIG"] = "1",
                        },
                        SlotSettingNames = ["ASPNETCORE_ENVIRONMENT"],
                        HealthCheckPath = "/health",

                        // ARR affinity off (Azure's default is on): the demo site keeps no in-process session state,
                        // so Seamless may scale its plan in. A site with affinity on and traffic holds scale-in
                        // (drain rule); fleets derived from this one inherit the setting.
                        ClientAffinityEnabled = false,
                        Load = new LoadSpec { RequestsPerMinute = 1200, Profile = LoadSpec.Steady, Noise = 0.03 },
                        Slots =
                        [
                            new SlotSpec
                            {
                                Name = StagingSlot,
                                Build = new BuildSpec { Version = "v2" },
                                AppSettings = new Dictionary<string, string>
                                {
                                    ["ASPNETCORE_ENVIRONMENT"] = "Staging",
                                    ["FEATURE_X"] = "on",
                                    ["WEBSITE_ADD_SITENAME_BINDINGS_IN_APPHOST_CONFIG"] = "1",
                                },
                            },
                        ],
                    },
                ],
            },
        ]);
}
