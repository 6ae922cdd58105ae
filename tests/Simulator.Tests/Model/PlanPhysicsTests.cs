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
        await using var live = await StartAsync();
        await live.WaitUntilAsync(to.AddMinutes(1));
        await using var history = await StartAsync(start: StandingStart.AddHours(1));

        var liveValues = await AllAggregationsAsync(live, resourceId, ns, metric, from, to);
        var historyValues = await AllAggregationsAsync(history, resourceId, ns, metric, from, to);

        liveValues.Count.ShouldBe(5 * 5, name);
        historyValues.ShouldBe(liveValues, name);
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public async Task History_MinutesComputedAfterOthers_SameValuesAsComputedFirst(string name, string resourceId, string ns, string metric)
    {
        // The history minutes of a plan run over the same instance copies, one minute after another: a minute must not
        // depend on the minutes computed before it (order, or what was read first).
        var from = StandingStart.AddDays(-3).AddMinutes(7);
        var to = from.AddMinutes(5);
        await using var first = await StartAsync();
        await using var after = await StartAsync();
        await AllAggregationsAsync(after, resourceId, ns, metric, from.AddDays(-2), from.AddDays(-2).AddMinutes(30));
        await AllAggregationsAsync(after, resourceId, ns, metric, to, to.AddMinutes(30));

        var firstValues = await AllAggregationsAsync(first, resourceId, ns, metric, from, to);
        var afterValues = await AllAggregationsAsync(after, resourceId, ns, metric, from, to);

        firstValues.Count.ShouldBe(5 * 5, name);
        afterValues.ShouldBe(firstValues, name);
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
