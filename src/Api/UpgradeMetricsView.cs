namespace Seamless.Api;

/// <summary>
/// The JSON of <c>GET /api/upgrades/{id}/metrics</c>: the per-minute metrics of the upgrade's site, production
/// (the target slot) and the source slot, over a window around the upgrade.
/// </summary>
/// <param name="Id">The upgrade id.</param>
/// <param name="Site">The site.</param>
/// <param name="From">Window start (inclusive, whole minute).</param>
/// <param name="To">Window end (exclusive).</param>
/// <param name="Slots">The target slot first, then the source slot.</param>
public sealed record UpgradeMetricsView(string Id, string Site, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SlotMetricsView> Slots);

/// <summary>One slot's minutes. A minute Azure Monitor has no data for is left out: a gap, never a zero.</summary>
/// <param name="Slot">The slot name.</param>
/// <param name="Role">"target" (production) or "source" (the slot being released; it takes the canary share).</param>
/// <param name="ResourceId">The slot's resource id.</param>
/// <param name="Minutes">The minutes with data, in time order.</param>
/// <param name="Error">Why the slot's metrics could not be read (then <paramref name="Minutes"/> is empty).</param>
public sealed record SlotMetricsView(string Slot, string Role, string ResourceId, IReadOnlyList<MetricMinuteView> Minutes, string? Error = null);

/// <summary>One minute of a slot; a null figure had no data that minute.</summary>
/// <param name="At">The minute's start.</param>
/// <param name="Requests">Requests (total).</param>
/// <param name="Http5xx">Server errors (total).</param>
/// <param name="ResponseTimeMs">Average response time in milliseconds.</param>
public sealed record MetricMinuteView(DateTimeOffset At, double? Requests, double? Http5xx, double? ResponseTimeMs);
