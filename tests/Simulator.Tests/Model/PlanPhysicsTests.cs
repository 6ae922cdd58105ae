using static Seamless.Simulator.Tests.SimulatorTestHost;

namespace Seamless.Simulator.Tests.Model;

/// <summary>The physics is written once: the history before the start is the live simulation of the same fleet in steady state.</summary>
public sealed class PlanPhysicsTests
{
    public static TheoryData<string, string, string, string> Metrics => new()
    {
        { "plan CPU", Plan, "Microsoft.Web/serverfarms", "CpuPercentage" },
        { "plan memory", Plan, "Microsoft.Web/serverfarms", "MemoryPercentage" },
        { "plan HTTP queue", Plan, "Microsoft.Web/serverfarms", "HttpQueueLength" },
        { "site requests", Site, "Microsoft.Web/sites", "Requests" },
        { "site 5xx", Site, "Microsoft.Web/sites", "Http5xx" },
        { "site response time", Site, "Microsoft.Web/sites", "HttpResponseTime" },
    };

    [Theory]
    [MemberData(nameof(Metrics))]
    public async Task History_SameMinutesAsLiveOfTheSameFleet_SameValues(string name, string resourceId, string ns, string metric)
    {
        // Simulator "live" starts at StandingStart and runs past the window; "history" starts an hour later, so the
        // same window lies in its history. Same fleet and seed, nothing changed: the same minute and state.
        var from = StandingStart.AddMinutes(10);
        var to = from.AddMinutes(5);
        await using var live = await StartStandingAsync();
        await live.WaitUntilAsync(to.AddMinutes(1));
        await using var history = await StartStandingAsync(start: StandingStart.AddHours(1));

        var liveValues = await AllAggregationsAsync(live, resourceId, ns, metric, from, to);
        var historyValues = await AllAggregationsAsync(history, resourceId, ns, metric, from, to);

        liveValues.Count.ShouldBe(5 * 5, name);
        historyValues.ShouldBe(liveValues, name);
    }

    private static async Task<List<double>> AllAggregationsAsync(SimulatorTestHost sim, string resourceId, string ns, string metric, DateTimeOffset from, DateTimeOffset to)
    {
        var values = new List<double>();
        foreach (string aggregation in new[] { "Average", "Minimum", "Maximum", "Total", "Count" })
        {
            values.AddRange(await sim.MetricAsync(resourceId, ns, metric, aggregation, from, to));
        }

        return values;
    }
}
