using Seamless.Simulator.Fleet;

namespace Seamless.ScaleInDisruption.Bench;

/// <summary>
/// The benchmark's fleet: five plans of eight P1v3 instances, one site each, on a diurnal load that peaks at
/// 14:00 and falls through the evening, so scale-in is warranted for hours. Sites differ in what a drain costs:
/// ARR affinity on or off, and a share of requests longer than the platform's 90-second drain.
/// </summary>
internal static class BenchFleet
{
    public const string SubscriptionId = "22222222-2222-2222-2222-222222222222";
    public const string ResourceGroup = "rg-scale-in-bench";

    /// <summary>When the office site's users go home: its load drops to zero.</summary>
    public static readonly TimeSpan OfficeClosesAfterStart = TimeSpan.FromHours(5);

    /// <summary>The plans: name, site, affinity, long-request share, long-request seconds.</summary>
    public static readonly IReadOnlyList<PlanCase> Plans =
    [
        new("plan-shop", "shop", Affinity: true, LongShare: 0, LongSeconds: 0, "affinity on, short requests"),
        new("plan-reports", "reports", Affinity: false, LongShare: 0.03, LongSeconds: 150, "affinity off, 3 % of requests run 150 s"),
        new("plan-portal", "portal", Affinity: true, LongShare: 0.02, LongSeconds: 120, "affinity on, 2 % of requests run 120 s"),
        new("plan-api", "api", Affinity: false, LongShare: 0, LongSeconds: 0, "affinity off, short requests (control)"),
        new("plan-office", "office", Affinity: true, LongShare: 0, LongSeconds: 0, "affinity on, short requests; idle after 18:00"),
    ];

    public static string PlanId(string plan) => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.Web/serverfarms/{plan}";

    public static FleetSpec Create() => FleetSpec.InOneResourceGroup(
        SubscriptionId,
        ResourceGroup,
        "West Europe",
        [.. Plans.Select(p => new PlanSpec
        {
            Name = p.Plan,
            Capacity = 8,
            MaximumNumberOfWorkers = 30,
            Sites =
            [
                new SiteSpec
                {
                    Name = p.Site,
                    Build = new BuildSpec { Version = "v1" },
                    HealthCheckPath = "/health",
                    Load = new LoadSpec { RequestsPerMinute = 2500, Profile = LoadSpec.Diurnal, Amplitude = 0.7, PeakHourUtc = 14, Noise = 0.03 },
                    ClientAffinityEnabled = p.Affinity,
                    LongRequestShare = p.LongShare,
                    LongRequestSeconds = p.LongSeconds,
                },
            ],
        })]);
}

/// <summary>One plan of the benchmark and its site's drain profile.</summary>
/// <param name="Plan">The plan name.</param>
/// <param name="Site">Its one site.</param>
/// <param name="Affinity">ARR affinity.</param>
/// <param name="LongShare">Share of long requests.</param>
/// <param name="LongSeconds">Duration of a long request.</param>
/// <param name="Description">What the plan tests.</param>
internal sealed record PlanCase(string Plan, string Site, bool Affinity, double LongShare, double LongSeconds, string Description);
