using Seamless.Simulator.Fleet;

namespace Seamless.Sweep.Bench;

/// <summary>Generates a fleet of N plans (one site each) in one subscription and region.</summary>
internal static class FleetGenerator
{
    public const string SubscriptionId = "22222222-2222-2222-2222-222222222222";
    public const string Location = "West Europe";
    public const string Region = "westeurope";
    private const int PlansPerResourceGroup = 100;

    public static FleetSpec Create(int plans)
    {
        var groups = new List<ResourceGroupSpec>();
        for (int start = 0; start < plans; start += PlansPerResourceGroup)
        {
            int count = Math.Min(PlansPerResourceGroup, plans - start);
            groups.Add(new ResourceGroupSpec
            {
                Name = $"rg-sweep-{start / PlansPerResourceGroup:000}",
                Location = Location,
                Plans = Enumerable.Range(start, count).Select(i => new PlanSpec
                {
                    Name = $"plan-{i:0000}",
                    Capacity = 2 + (i % 4),
                    Sites =
                    [
                        new SiteSpec
                        {
                            Name = $"app-{i:0000}",
                            Load = new LoadSpec { RequestsPerMinute = 300 + (i % 10) * 150 },
                        },
                    ],
                }).ToList(),
            });
        }

        return new FleetSpec { Subscriptions = [new SubscriptionSpec { Id = SubscriptionId, ResourceGroups = groups }] };
    }

    public static IReadOnlyList<string> PlanIds(FleetSpec fleet) =>
        fleet.Subscriptions
            .SelectMany(s => s.ResourceGroups.SelectMany(g => g.Plans.Select(p => $"/subscriptions/{s.Id}/resourceGroups/{g.Name}/providers/Microsoft.Web/serverfarms/{p.Name}")))
            .ToList();
}
