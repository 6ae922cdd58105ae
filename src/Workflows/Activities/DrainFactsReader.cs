using Seamless.Core.Model;
using Seamless.Core.ScaleIn;

namespace Seamless.Workflows.Activities;

/// <summary>
/// Turns what ARM and Azure Monitor answer about one site into its drain evidence (pure). Empty buckets are
/// missing, not zero; a figure with no data at all is null, so the drain rule holds ("no data, no scale-in").
/// </summary>
public static class DrainFactsReader
{
    /// <summary>The site metrics the drain rule reads, in one query.</summary>
    public static IReadOnlyList<string> MetricNamesRead { get; } =
        [MetricNames.Requests, MetricNames.HttpResponseTime, MetricNames.RequestsInApplicationQueue];

    /// <summary>The aggregations asked for: Total for requests; Average and Maximum for response time and queue.</summary>
    public static IReadOnlyList<string> Aggregations { get; } = ["Total", "Average", "Maximum"];

    /// <summary>Builds one site's drain facts from its ARM state and its metrics over the lookback.</summary>
    /// <param name="site">The site as ARM lists it on the plan.</param>
    /// <param name="metrics">Its metrics (unsplit).</param>
    /// <returns>The facts; null figures where Azure had no data.</returns>
    public static SiteDrainFacts Site(SiteState site, MetricResult metrics)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(metrics);
        var requests = Points(metrics, MetricNames.Requests).Where(p => p.Total is not null).Select(p => p.Total!.Value).ToList();

        // The longest single request: Maximum where Azure Monitor offers it, else the highest per-minute average
        // (which understates a tail of long requests, so Maximum is asked for first).
        var longest = Points(metrics, MetricNames.HttpResponseTime).Select(p => p.Maximum ?? p.Average).Where(v => v is not null).Select(v => v!.Value).ToList();
        var queue = Points(metrics, MetricNames.RequestsInApplicationQueue).Where(p => p.Average is not null).Select(p => p.Average!.Value).ToList();
        return new SiteDrainFacts(
            NameOf(site.Id),
            site.ClientAffinityEnabled,
            requests.Count > 0 ? requests.Sum() : null,
            longest.Count > 0 ? longest.Max() : null,
            queue.Count > 0 ? queue.Max() : null);
    }

    private static IEnumerable<MetricPoint> Points(MetricResult result, string name) =>
        result.Of(name).Where(s => s.Instance is null).SelectMany(s => s.Points).Where(p => !p.IsEmpty);

    private static string NameOf(string id)
    {
        int slash = id.LastIndexOf('/');
        return slash >= 0 ? id[(slash + 1)..] : id;
    }
}
