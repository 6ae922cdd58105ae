using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Workflows.Ports;

namespace Seamless.Api;

/// <summary>
/// Reads an upgrade's per-minute slot metrics through the host's <see cref="IMetricsClient"/> (its own identity or
/// simulator): what the report and the console chart, so neither needs Azure credentials of its own.
/// </summary>
public sealed class UpgradeMetricsReader(IMetricsClient metrics)
{
    /// <summary>Context shown before the upgrade started and after it ended.</summary>
    public static readonly TimeSpan Context = TimeSpan.FromMinutes(10);

    /// <summary>The longest window a caller may ask for.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// The default window: from <see cref="Context"/> before <paramref name="startedAt"/> (on a whole minute) to
    /// <see cref="Context"/> after <paramref name="endedAt"/> (now while it runs), never past the start of the
    /// current minute (that minute is still filling: charted, it would look like a drop).
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) DefaultWindow(DateTimeOffset startedAt, DateTimeOffset? endedAt, DateTimeOffset now)
    {
        var from = Minute(startedAt - Context);
        var complete = Minute(now);
        var to = endedAt is { } end && end + Context < complete ? end + Context : complete;
        return (from, to > from ? to : from + TimeSpan.FromMinutes(1));
    }

    /// <summary>Reads the target slot and then the source slot; a slot Azure refuses carries its error instead of minutes.</summary>
    public async Task<IReadOnlyList<SlotMetricsView>> ReadAsync(AzureResourceId site, string targetSlot, string sourceSlot, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        var slots = new List<SlotMetricsView>();
        foreach (var (slot, role) in new[] { (targetSlot, "target"), (sourceSlot, "source") })
        {
            var id = site.WithSlot(slot);
            try
            {
                var result = await metrics.QueryAsync(
                    new MetricQuery(
                        id.ToString(),
                        id.Slot is null ? MetricNames.SiteNamespace : MetricNames.SlotNamespace,
                        [MetricNames.Requests, MetricNames.Http5xx, MetricNames.HttpResponseTime],
                        ["Total", "Average"],
                        from,
                        to,
                        TimeSpan.FromMinutes(1)),
                    cancellationToken);
                slots.Add(new SlotMetricsView(slot, role, id.ToString(), Minutes(result)));
            }
            catch (AzureRequestException ex)
            {
                slots.Add(new SlotMetricsView(slot, role, id.ToString(), [], ex.Message));
            }
        }

        return slots;
    }

    /// <summary>Joins the three series by minute; a minute none of them has data for is left out.</summary>
    internal static IReadOnlyList<MetricMinuteView> Minutes(MetricResult result)
    {
        var requests = Values(result, MetricNames.Requests, p => p.Total);
        var errors = Values(result, MetricNames.Http5xx, p => p.Total);
        var latency = Values(result, MetricNames.HttpResponseTime, p => p.Average * 1000);
        return
        [
            .. requests.Keys.Union(errors.Keys).Union(latency.Keys).Order()
                .Select(t => new MetricMinuteView(t, requests.GetValueOrDefault(t), errors.GetValueOrDefault(t), latency.GetValueOrDefault(t))),
        ];
    }

    private static Dictionary<DateTimeOffset, double?> Values(MetricResult result, string name, Func<MetricPoint, double?> value) =>
        result.Of(name).Where(s => s.Instance is null).SelectMany(s => s.Points).Where(p => value(p) is not null)
            .GroupBy(p => p.Timestamp).ToDictionary(g => g.Key, g => value(g.First()));

    private static DateTimeOffset Minute(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }
}
