using System.Text.RegularExpressions;
using Seamless.Api;
using Seamless.Workflows.Upgrade;

namespace Seamless.Host.Reports;

/// <summary>Turns the API's views into what the report draws: the charts of the slots' minutes and the markers of the timeline.</summary>
public static partial class ReportCharts
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
    /// back) completed.
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

            if (entry.Message.StartsWith("swapped back", StringComparison.Ordinal))
            {
                markers.Add(new ReportMarker(entry.At, "swap back", ReportMarkerKind.Swap));
            }
            else if (entry.Message.StartsWith("swapped ", StringComparison.Ordinal))
            {
                markers.Add(new ReportMarker(entry.At, "swap", ReportMarkerKind.Swap));
            }
            else if (RoutingPattern().Match(entry.Message) is { Success: true } routing)
            {
                markers.Add(new ReportMarker(entry.At, $"canary {routing.Groups[1].Value} %", ReportMarkerKind.Canary));
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

    // The orchestrator's timeline line for a canary step: "routing 10 % of production traffic to staging".
    [GeneratedRegex(@"^routing ([0-9]+(?:[.,][0-9]+)?) % ", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex RoutingPattern();
}
