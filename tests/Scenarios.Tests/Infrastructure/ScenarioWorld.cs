using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Core.Resources;
using Seamless.Workflows;
using Seamless.Workflows.Ports;

namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>
/// The scripted Azure one scenario runs against, at the port level, so the real activities
/// (<c>AppServiceActivities</c>, <c>StateActivities</c>) run on both engines: one managed site
/// (production + staging) on one managed plan, its metrics, its instance probes, and the state store.
/// </summary>
internal sealed class ScenarioWorld
{
    /// <summary>The staging slot, where CI deployed the new build.</summary>
    public const string Staging = "staging";

    private const string Subscription = "/subscriptions/5c8e4a27-0d3b-4f6e-9a1c-2b7d8e9f0a11/resourceGroups/rg-scenarios/providers/Microsoft.Web";

    /// <summary>The managed site.</summary>
    public static readonly string SiteId = $"{Subscription}/sites/app-scenario";

    /// <summary>The managed plan the site runs on.</summary>
    public static readonly string PlanId = $"{Subscription}/serverfarms/plan-scenario";

    public ScenarioWorld(int capacity = 3)
    {
        AppService = new FakeAppService(capacity);
        Metrics = new FakeMetrics(this);
    }

    /// <summary>Gets the site as a parsed id.</summary>
    public static AzureResourceId Site => AzureResourceId.Parse(SiteId);

    /// <summary>Gets the plan as a parsed id.</summary>
    public static AzureResourceId Plan => AzureResourceId.Parse(PlanId);

    /// <summary>Gets App Service.</summary>
    public FakeAppService AppService { get; }

    /// <summary>Gets Azure Monitor.</summary>
    public FakeMetrics Metrics { get; }

    /// <summary>Gets the instance probes.</summary>
    public FakeSiteProbe Probe { get; } = new();

    /// <summary>Gets the state store (leases, locks, vetoes, journal, upgrade records).</summary>
    public InMemoryStateStore Store { get; } = new();

    /// <summary>Gets or sets how the new build behaves once it serves traffic (the previous build is healthy).</summary>
    public BuildHealth NewBuildHealth { get; set; } = BuildHealth.Healthy;

    /// <summary>Gets or sets the plan's average CPU % at a given capacity (a load of 0.6 busy instances by default).</summary>
    public Func<int, double> PlanCpu { get; set; } = capacity => 60.0 / capacity;

    /// <summary>
    /// Gets or sets the 5xx per minute of a healthy build, indexed by the minute of the hour mod 6 (null: a small fixed
    /// jitter of 0–2 in 1,000, by wall-clock minute). A saturated plan whose latest minute turned requests away sizes its
    /// alert's scale-out to what that minute asked, so a scenario whose step must not depend on the minute sets zeros.
    /// </summary>
    public double[]? HealthyErrors { get; set; }

    /// <summary>Gets the App Service writes so far, in order.</summary>
    public IReadOnlyList<string> Writes => AppService.Writes;

    /// <summary>Gets configuration overrides (e.g. <c>Seamless:ScaleIn:Policy:ScaleOutSettle</c>) applied over the scenario defaults.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Returns the health of a build.</summary>
    public BuildHealth HealthOf(string build) => build == FakeAppService.NewBuild ? NewBuildHealth : BuildHealth.Healthy;

    /// <summary>
    /// Registers what the activities and the alert router resolve, as the hosts do
    /// (<see cref="WorkflowServiceCollectionExtensions.AddSeamlessWorkflows"/>), with this world's ports.
    /// </summary>
    public void AddServices(IServiceCollection services)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Seamless:Managed:Sites:0"] = SiteId,
                ["Seamless:Managed:Plans:0"] = PlanId,
                ["Seamless:Api:Authentication"] = "Platform",
            })
            .AddInMemoryCollection(Settings)
            .Build();
        services.AddLogging();
        services.AddSeamlessWorkflows(configuration);
        services.AddSingleton<IAppServiceClient>(AppService);
        services.AddSingleton<IMetricsClient>(Metrics);
        services.AddSingleton<ISiteProbe>(Probe);
        services.AddSingleton<IStateStore>(Store);
    }
}
