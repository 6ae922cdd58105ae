namespace Seamless.Core.Model;

/// <summary>Well-known Azure Monitor metric names and namespaces Seamless reads.</summary>
public static class MetricNames
{
    /// <summary>Namespace of plan metrics.</summary>
    public const string PlanNamespace = "Microsoft.Web/serverfarms";

    /// <summary>Namespace of site (production slot) metrics.</summary>
    public const string SiteNamespace = "Microsoft.Web/sites";

    /// <summary>Namespace of non-production slot metrics.</summary>
    public const string SlotNamespace = "Microsoft.Web/sites/slots";

    /// <summary>Plan CPU %, average across instances.</summary>
    public const string CpuPercentage = "CpuPercentage";

    /// <summary>Plan memory %.</summary>
    public const string MemoryPercentage = "MemoryPercentage";

    /// <summary>Plan HTTP queue length.</summary>
    public const string HttpQueueLength = "HttpQueueLength";

    /// <summary>Site request count (Total).</summary>
    public const string Requests = "Requests";

    /// <summary>Site 5xx count (Total).</summary>
    public const string Http5xx = "Http5xx";

    /// <summary>Site response time in seconds (Average).</summary>
    public const string HttpResponseTime = "HttpResponseTime";

    /// <summary>Site requests waiting in the application queue (Average).</summary>
    public const string RequestsInApplicationQueue = "RequestsInApplicationQueue";

    /// <summary>The dimension naming the instance.</summary>
    public const string InstanceDimension = "Instance";
}

/// <summary>A metrics query for one resource (ARM metrics API).</summary>
/// <param name="ResourceId">The resource id.</param>
/// <param name="MetricNamespace">The metric namespace.</param>
/// <param name="Names">Metric names (at most 20).</param>
/// <param name="Aggregations">Aggregations, e.g. "Average", "Maximum", "Total".</param>
/// <param name="Start">Window start (inclusive).</param>
/// <param name="End">Window end (exclusive).</param>
/// <param name="Interval">Grain, e.g. one minute.</param>
/// <param name="SplitByInstance">Whether to ask for one series per instance (<c>Instance eq '*'</c>).</param>
public sealed record MetricQuery(
    string ResourceId,
    string MetricNamespace,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Aggregations,
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeSpan Interval,
    bool SplitByInstance = false);

/// <summary>A batch metrics query (data-plane <c>metrics:getBatch</c>): up to 50 resources of one type, region and subscription.</summary>
/// <param name="Region">The region (for the regional endpoint), lower-case without spaces, e.g. "westeurope".</param>
/// <param name="ResourceIds">The resource ids.</param>
/// <param name="MetricNamespace">The metric namespace.</param>
/// <param name="Names">Metric names.</param>
/// <param name="Aggregations">Aggregations.</param>
/// <param name="Start">Window start.</param>
/// <param name="End">Window end.</param>
/// <param name="Interval">Grain.</param>
/// <param name="SplitByInstance">Whether to split by instance.</param>
public sealed record MetricBatchQuery(
    string Region,
    IReadOnlyList<string> ResourceIds,
    string MetricNamespace,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Aggregations,
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeSpan Interval,
    bool SplitByInstance = false);

/// <summary>Metrics of one resource.</summary>
/// <param name="ResourceId">The resource id.</param>
/// <param name="Series">One series per metric (and per instance when split).</param>
public sealed record MetricResult(string ResourceId, IReadOnlyList<MetricSeries> Series)
{
    /// <summary>
    /// Gets the resource's region as Azure Monitor names it (<c>resourceregion</c>, e.g. "westeurope"); null when the
    /// response did not say. The batch API is regional, so a reader batches a resource only once it knows this.
    /// </summary>
    public string? Region { get; init; }

    /// <summary>Returns the series of a metric (all instances when split).</summary>
    public IEnumerable<MetricSeries> Of(string metricName) =>
        Series.Where(s => string.Equals(s.Name, metricName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One time series.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Instance">The instance dimension value, or null for the aggregate series.</param>
/// <param name="Unit">The unit, e.g. "Percent", "Count", "Seconds".</param>
/// <param name="Points">Points in time order; an empty bucket has all aggregates null (missing, not zero).</param>
public sealed record MetricSeries(string Name, string? Instance, string Unit, IReadOnlyList<MetricPoint> Points);

/// <summary>One bucket; a null aggregate means no data for that bucket.</summary>
/// <param name="Timestamp">Bucket start.</param>
/// <param name="Average">Average.</param>
/// <param name="Minimum">Minimum.</param>
/// <param name="Maximum">Maximum.</param>
/// <param name="Total">Total.</param>
/// <param name="Count">Count of samples.</param>
public sealed record MetricPoint(
    DateTimeOffset Timestamp,
    double? Average = null,
    double? Minimum = null,
    double? Maximum = null,
    double? Total = null,
    double? Count = null)
{
    /// <summary>Gets a value indicating whether the bucket holds no data.</summary>
    public bool IsEmpty => Average is null && Minimum is null && Maximum is null && Total is null && Count is null;
}
