using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api;
using Seamless.Azure;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Workflows.Ports;

namespace Seamless.Host.Reports;

/// <summary>One chart: a metric of a slot over the upgrade, with the time of the swap.</summary>
/// <param name="Title">Chart title.</param>
/// <param name="Unit">Unit label.</param>
/// <param name="Series">Named series of (time, value).</param>
public sealed record ReportChart(string Title, string Unit, IReadOnlyList<(string Name, IReadOnlyList<(DateTimeOffset At, double Value)> Points)> Series);

/// <summary>Reads production and staging metrics before, during and after an upgrade for the report.</summary>
public static class UpgradeMetricsReader
{
    /// <summary>Minutes of context before the upgrade and after it.</summary>
    public static readonly TimeSpan Context = TimeSpan.FromMinutes(15);

    /// <summary>Reads the charts; returns none (and the report says so) when metrics cannot be read.</summary>
    public static async Task<IReadOnlyList<ReportChart>> ReadAsync(UpgradeView view, Uri? endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.Site is null || AzureResourceId.TryParse(view.Site, out _) is not { } site)
        {
            return [];
        }

        var services = Seamless.Host.Cli.AzureServices.Create(endpoint);
        await using (services)
        {
            var metrics = services.GetRequiredService<IMetricsClient>();
            var from = view.CreatedAt - Context;
            var to = view.LastUpdatedAt + Context;
            var series = new Dictionary<string, MetricResult>();
            foreach (string slot in new[] { "production", "staging" })
            {
                var id = site.WithSlot(slot);
                try
                {
                    series[slot] = await metrics.QueryAsync(
                        new MetricQuery(id.ToString(), id.Slot is null ? MetricNames.SiteNamespace : MetricNames.SlotNamespace, [MetricNames.Requests, MetricNames.Http5xx, MetricNames.HttpResponseTime], ["Total", "Average"], from, to, TimeSpan.FromMinutes(1)),
                        cancellationToken);
                }
                catch (AzureRequestException)
                {
                    // A report without charts is still a report; the page says the metrics were unavailable.
                }
            }

            return
            [
                Chart("Requests per minute", "requests", series, MetricNames.Requests, p => p.Total),
                Chart("Server errors (5xx) per minute", "errors", series, MetricNames.Http5xx, p => p.Total),
                Chart("Response time", "ms", series, MetricNames.HttpResponseTime, p => p.Average * 1000),
            ];
        }
    }

    private static ReportChart Chart(string title, string unit, Dictionary<string, MetricResult> series, string metric, Func<MetricPoint, double?> value) =>
        new(title, unit, [.. series.Select(s => (s.Key, (IReadOnlyList<(DateTimeOffset, double)>)[.. s.Value.Of(metric).Where(x => x.Instance is null).SelectMany(x => x.Points).Where(p => value(p) is not null).Select(p => (p.Timestamp, value(p)!.Value))]))]);
}
