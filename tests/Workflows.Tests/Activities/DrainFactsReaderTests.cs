using Seamless.Core.Model;
using Seamless.Workflows.Activities;

namespace Seamless.Workflows.Tests.Activities;

public sealed class DrainFactsReaderTests
{
    private static readonly DateTimeOffset T = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);
    private const string SiteId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/shop";

    [Fact]
    public void Site_MaximumOffered_LongestIsTheHighestMaximum()
    {
        var metrics = Result(
            Series(MetricNames.Requests, new MetricPoint(T, Total: 100), new MetricPoint(T.AddMinutes(1), Total: 50)),
            Series(MetricNames.HttpResponseTime, new MetricPoint(T, Average: 0.3, Maximum: 150), new MetricPoint(T.AddMinutes(1), Average: 0.2, Maximum: 1)),
            Series(MetricNames.RequestsInApplicationQueue, new MetricPoint(T, Average: 0), new MetricPoint(T.AddMinutes(1), Average: 2.5)));

        var facts = DrainFactsReader.Site(Site(true), metrics);

        facts.Site.ShouldBe("shop");
        facts.AffinityEnabled.ShouldBe(true);
        facts.Requests.ShouldBe(150);
        facts.LongestRequestSeconds.ShouldBe(150);
        facts.ApplicationQueue.ShouldBe(2.5);
    }

    [Fact]
    public void Site_OnlyAverages_LongestIsTheHighestMinuteAverage()
    {
        var metrics = Result(
            Series(MetricNames.Requests, new MetricPoint(T, Total: 10)),
            Series(MetricNames.HttpResponseTime, new MetricPoint(T, Average: 0.3), new MetricPoint(T.AddMinutes(1), Average: 4)),
            Series(MetricNames.RequestsInApplicationQueue, new MetricPoint(T, Average: 0)));

        var facts = DrainFactsReader.Site(Site(false), metrics);

        facts.LongestRequestSeconds.ShouldBe(4);
    }

    [Fact]
    public void Site_EmptyBucketsAndUnknownAffinity_AreMissingNotZero()
    {
        var metrics = Result(
            Series(MetricNames.Requests, new MetricPoint(T)),
            Series(MetricNames.HttpResponseTime, new MetricPoint(T)),
            Series(MetricNames.RequestsInApplicationQueue));

        var facts = DrainFactsReader.Site(Site(null), metrics);

        facts.AffinityEnabled.ShouldBeNull();
        facts.Requests.ShouldBeNull();
        facts.LongestRequestSeconds.ShouldBeNull();
        facts.ApplicationQueue.ShouldBeNull();
    }

    private static SiteState Site(bool? affinity) =>
        new(SiteId, "production", "Running", null, null, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan", "shop.azurewebsites.net", ["shop.azurewebsites.net"], "West Europe")
        {
            ClientAffinityEnabled = affinity,
        };

    private static MetricSeries Series(string name, params MetricPoint[] points) => new(name, null, "Count", points);

    private static MetricResult Result(params MetricSeries[] series) => new(SiteId, series);
}
