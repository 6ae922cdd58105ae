using System.Globalization;
using Seamless.Api;
using Seamless.Workflows.Upgrade;

namespace Seamless.Host.Reports;

/// <summary>Turns the API's views into what the report draws: the charts of the slots' minutes and the markers of the timeline.</summary>
public static class ReportCharts
{
    /// <summary>The grain of <c>GET /api/upgrades/{id}/metrics</c>.</summary>
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Requests, server errors and response time, one series per slot (target first).</summary>
    public static IReadOnlyList<ReportChart> From(UpgradeMetricsView metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return
        [
            Chart(metrics, "Requests per minute", "requests", m => m.Requests),
            Chart(metrics, "Server errors (5xx) per minute", "errors", m => m.Http5xx),
            Chart(metrics, "Response time", "ms", m => m.ResponseTimeMs),
        ];
    }

    /// <summary>
    /// A marker where the timeline enters a new phase, where the canary share changes and where a swap (or swap
    /// back) completed, read from each entry's typed <see cref="TimelineEntry.Change"/> (entries recorded before it
    /// existed get phase markers only).
    /// </summary>
    public static IReadOnlyList<ReportMarker> Markers(IReadOnlyList<TimelineEntry> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var markers = new List<ReportMarker>();
        string? phase = null;
        foreach (var entry in timeline.OrderBy(t => t.At))
        {
            if (!string.Equals(entry.Phase, phase, StringComparison.Ordinal))
            {
                markers.Add(new ReportMarker(entry.At, entry.Phase, ReportMarkerKind.Phase));
                phase = entry.Phase;
            }

            switch (entry.Change)
            {
                case { Kind: TimelineChangeKind.Swap }:
                    markers.Add(new ReportMarker(entry.At, "swap", ReportMarkerKind.Swap));
                    break;
                case { Kind: TimelineChangeKind.SwapBack }:
                    markers.Add(new ReportMarker(entry.At, "swap back", ReportMarkerKind.Swap));
                    break;
                case { Kind: TimelineChangeKind.Routing, RoutingPercentage: > 0 and var percentage }:
                    markers.Add(new ReportMarker(entry.At, $"canary {percentage.ToString(CultureInfo.InvariantCulture)} %", ReportMarkerKind.Canary));
                    break;
                case { Kind: TimelineChangeKind.Routing }:
                    markers.Add(new ReportMarker(entry.At, "canary off", ReportMarkerKind.Canary));
                    break;
            }
        }

        return markers;
    }

    /// <summary>The legend name of a slot: its name and its part in the release.</summary>
    public static string SeriesName(SlotMetricsView slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return slot.Role == "source" ? $"{slot.Slot} (new build; canary share)" : $"{slot.Slot} (serving)";
    }

    private static ReportChart Chart(UpgradeMetricsView metrics, string title, string unit, Func<MetricMinuteView, double?> value) =>
        new(
            title,
            unit,
            metrics.From,
            metrics.To,
            Minute,
            [.. metrics.Slots.Select(s => new ReportSeries(SeriesName(s), [.. s.Minutes.Where(m => value(m) is not null).OrderBy(m => m.At).Select(m => new ReportPoint(m.At, value(m)!.Value))]))]);
}
