using System.Net;
using System.Text.Json.Nodes;
using Seamless.Simulator.Fleet;
using static Seamless.Simulator.Tests.SimulatorTestHost;

namespace Seamless.Simulator.Tests.Http;

public sealed class MetricsTests
{
    private static readonly DateTimeOffset FixedStart = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PlanMetrics_SplitByInstance_CarryGetMetricFieldsAndOneSeriesPerInstance()
    {
        // The clock stands still 3.5 minutes in: the minute starting at `now` is half done whatever the machine's speed.
        await using var sim = await StartAsync(start: FixedStart);
        await sim.WaitUntilAsync(FixedStart.AddSeconds(210));
        var now = FixedStart.AddMinutes(3);
        string timespan = $"{now.AddMinutes(-10).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}/{now.AddMinutes(1).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";

        var body = await sim.GetJsonAsync($"{Plan}/providers/Microsoft.Insights/metrics?{MonitorApi}&timespan={timespan}&interval=PT1M&metricnames=CpuPercentage,MemoryPercentage,HttpQueueLength&aggregation=Average,Maximum&metricnamespace=Microsoft.Web/serverfarms&$filter=Instance eq '*'");

        var example = ExampleShapes.Response("monitor/GetMetric.json");
        body.ShouldCarryFieldsOf(example, "metrics response");
        body["namespace"]!.GetValue<string>().ShouldBe("Microsoft.Web/serverfarms");
        body["resourceregion"]!.GetValue<string>().ShouldBe("westeurope");
        body["interval"]!.GetValue<string>().ShouldBe("PT1M");
        var values = body["value"]!.AsArray();
        values.Select(v => v!["name"]!["value"]!.GetValue<string>()).ShouldBe(["CpuPercentage", "MemoryPercentage", "HttpQueueLength"]);
        foreach (var metric in values)
        {
            metric.ShouldCarryFieldsOf(example["value"]![0], "metric");
            var series = metric!["timeseries"]!.AsArray();
            series.Count.ShouldBe(3);
            series[0].ShouldCarryFieldsOf(example["value"]![0]!["timeseries"]![0], "timeseries");
            series[0]!["metadatavalues"]![0]!["name"]!["value"]!.GetValue<string>().ShouldBe("instance");
            var data = series[0]!["data"]!.AsArray();
            data.Count.ShouldBe(11);
            data[0]!["average"].ShouldNotBeNull();
            data[0]!["maximum"].ShouldNotBeNull();
            data[^1]!.AsObject().Select(kv => kv.Key).ShouldBe(["timeStamp"], "the current minute is incomplete: an empty bucket");
        }

        var cpu = values[0]!["timeseries"]![0]!["data"]![0]!["average"]!.GetValue<double>();
        cpu.ShouldBeInRange(25, 55);
    }

    [Fact]
    public async Task SiteMetrics_Unsplit_HaveRequestsTotalsAndNoMetadata()
    {
        await using var sim = await StartAsync();
        await sim.WaitMinutesAsync(3);
        var now = sim.Host.State.Now;

        var requests = await sim.MetricAsync(Site, "Microsoft.Web/sites", "Requests", "Total", now.AddMinutes(-3), now);
        var latency = await sim.MetricAsync(Site, "Microsoft.Web/sites", "HttpResponseTime", "Average", now.AddMinutes(-3), now);
        var errors = await sim.MetricAsync(Site, "Microsoft.Web/sites", "Http5xx", "Total", now.AddMinutes(-3), now);

        requests.Count.ShouldBeGreaterThanOrEqualTo(2);
        requests.ShouldAllBe(r => r > 1000 && r < 1400);
        latency.ShouldAllBe(s => s > 0.05 && s < 0.2);
        errors.ShouldAllBe(e => e == 0);
    }

    [Fact]
    public async Task StagingMetrics_NoTraffic_ResponseTimeBucketsAreEmptyButRequestsAreZero()
    {
        await using var sim = await StartAsync();
        await sim.WaitMinutesAsync(3);
        var now = sim.Host.State.Now;

        var requests = await sim.MetricAsync(Staging, "Microsoft.Web/sites/slots", "Requests", "Total", now.AddMinutes(-3), now);
        var latency = await sim.MetricAsync(Staging, "Microsoft.Web/sites/slots", "HttpResponseTime", "Average", now.AddMinutes(-3), now);

        requests.ShouldNotBeEmpty();
        requests.ShouldAllBe(r => r == 0);
        latency.ShouldBeEmpty();
    }

    [Fact]
    public async Task Metrics_BeforeStart_ServeHistoryDeterministicallyWithTheSeed()
    {
        await using var a = await StartAsync(seed: 7, start: FixedStart);
        await using var b = await StartAsync(seed: 7, start: FixedStart);

        var cpuA = await a.MetricAsync(Plan, "Microsoft.Web/serverfarms", "CpuPercentage", "Average", FixedStart.AddHours(-24), FixedStart.AddHours(-23));
        var cpuB = await b.MetricAsync(Plan, "Microsoft.Web/serverfarms", "CpuPercentage", "Average", FixedStart.AddHours(-24), FixedStart.AddHours(-23));

        cpuA.Count.ShouldBe(60);
        cpuA.ShouldBe(cpuB);
    }

    [Fact]
    public async Task Metrics_WrongNamespaceOrUnknownMetric_Return400()
    {
        await using var sim = await StartAsync();

        using var wrongNs = await sim.SendAsync(HttpMethod.Get, $"{Plan}/providers/Microsoft.Insights/metrics?{MonitorApi}&metricnames=CpuPercentage&metricnamespace=Microsoft.Web/sites");
        using var unknown = await sim.SendAsync(HttpMethod.Get, $"{Site}/providers/Microsoft.Insights/metrics?{MonitorApi}&metricnames=CpuPercentage");

        wrongNs.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Batch_TwoPlans_CarriesMetricBatchExampleFields()
    {
        await using var sim = await StartAsync(fleet: TwoPlanFleet());
        await sim.WaitMinutesAsync(3);
        var now = sim.Host.State.Now;
        string plan2 = Plan.Replace("plan-demo", "plan-two", StringComparison.Ordinal);
        string query = $"{MonitorApi}&starttime={now.AddMinutes(-5).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}&endtime={now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}&interval=PT1M&metricnamespace=Microsoft.Web/serverfarms&metricnames=CpuPercentage,HttpQueueLength&aggregation=average,maximum&filter=Instance eq '*'";

        var body = await sim.PostJsonAsync($"subscriptions/{DefaultFleet.SubscriptionId}/metrics:getBatch?{query}", $$"""{ "resourceids": [ "{{Plan}}", "{{plan2}}" ] }""");

        var example = ExampleShapes.Response("monitor/MetricBatchExample.json");
        body.ShouldCarryFieldsOf(example, "batch response");
        var values = body["values"]!.AsArray();
        values.Count.ShouldBe(2);
        values[0].ShouldCarryFieldsOf(example["values"]![0], "batch entry");
        values[0]!["value"]![0].ShouldCarryFieldsOf(example["values"]![0]!["value"]![0], "batch metric");
        values[1]!["resourceid"]!.GetValue<string>().ShouldBe(plan2);
        values[1]!["value"]![0]!["timeseries"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Batch_MixedTypesOrTooMany_Return400()
    {
        await using var sim = await StartAsync();
        string ids51 = string.Join(",", Enumerable.Repeat($"\"{Plan}\"", 51));

        using var mixed = await sim.SendAsync(HttpMethod.Post, $"subscriptions/{DefaultFleet.SubscriptionId}/metrics:getBatch?{MonitorApi}&metricnames=CpuPercentage", $$"""{ "resourceids": [ "{{Plan}}", "{{Site}}" ] }""");
        using var tooMany = await sim.SendAsync(HttpMethod.Post, $"subscriptions/{DefaultFleet.SubscriptionId}/metrics:getBatch?{MonitorApi}&metricnames=CpuPercentage", $$"""{ "resourceids": [ {{ids51}} ] }""");

        mixed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await tooMany.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>().ShouldContain("50");
    }

    [Fact]
    public async Task Batch_MetricsFaultOnOneResource_AppliesToTheBatchNamingItAndIsCounted()
    {
        await using var sim = await StartAsync(fleet: TwoPlanFleet());
        await sim.WaitMinutesAsync(3);
        var now = sim.Host.State.Now;
        string plan2 = Plan.Replace("plan-demo", "plan-two", StringComparison.Ordinal);
        string batch = $"subscriptions/{DefaultFleet.SubscriptionId}/metrics:getBatch?{MonitorApi}&starttime={now.AddMinutes(-5).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}&endtime={now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}&interval=PT1M&metricnamespace=Microsoft.Web/serverfarms&metricnames=CpuPercentage&aggregation=average";
        // A fault on the second plan's per-resource metrics read (its path), once.
        await sim.PostJsonAsync("_sim/faults", """{ "operation": "metrics", "kind": "error500", "count": 1, "target": "/serverfarms/plan-two/providers/Microsoft.Insights/metrics" }""");

        using var withoutIt = await sim.SendAsync(HttpMethod.Post, batch, $$"""{ "resourceids": [ "{{Plan}}" ] }""");
        using var withIt = await sim.SendAsync(HttpMethod.Post, batch, $$"""{ "resourceids": [ "{{Plan}}", "{{plan2}}" ] }""");
        using var again = await sim.SendAsync(HttpMethod.Post, batch, $$"""{ "resourceids": [ "{{Plan}}", "{{plan2}}" ] }""");

        withoutIt.StatusCode.ShouldBe(HttpStatusCode.OK);
        withIt.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Host.State.RequestCounts["metricsBatch"].ShouldBe(3);
        sim.Host.State.RequestCounts.ShouldNotContainKey("metrics");
    }

    private static FleetSpec TwoPlanFleet()
    {
        var fleet = DefaultFleet.Create();
        var rg = fleet.Subscriptions[0].ResourceGroups[0];
        var second = rg.Plans[0] with
        {
            Name = "plan-two",
            Capacity = 2,
            Sites = [rg.Plans[0].Sites[0] with { Name = "app-two", Slots = [] }],
        };
        return fleet with
        {
            Subscriptions = [fleet.Subscriptions[0] with { ResourceGroups = [rg with { Plans = [rg.Plans[0], second] }] }],
        };
    }
}
