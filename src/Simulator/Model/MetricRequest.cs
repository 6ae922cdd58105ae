namespace Seamless.Simulator.Model;

/// <summary>A parsed metrics query (single resource or batch).</summary>
/// <param name="Start">Window start.</param>
/// <param name="End">Window end.</param>
/// <param name="Interval">Grain; null for FULL (one point).</param>
/// <param name="Names">Metric names.</param>
/// <param name="Aggregations">Aggregations (lower case); empty = each metric's primary one.</param>
/// <param name="Namespace">Requested metric namespace, if any.</param>
/// <param name="Instances">Null: one aggregate series; ["*"]: one per instance; otherwise these instances.</param>
internal sealed record MetricRequest(
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeSpan? Interval,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Aggregations,
    string? Namespace,
    IReadOnlyList<string>? Instances);

/// <summary>Definition of a metric the simulator serves.</summary>
/// <param name="Name">REST name.</param>
/// <param name="Localized">Display name.</param>
/// <param name="Description">Description.</param>
/// <param name="Unit">Unit.</param>
/// <param name="Primary">Primary aggregation.</param>
internal sealed record MetricDefinition(string Name, string Localized, string Description, string Unit, string Primary)
{
    public static readonly IReadOnlyList<MetricDefinition> Plan =
    [
        new("CpuPercentage", "CPU Percentage", "The average CPU used across all instances of the plan.", "Percent", "average"),
        new("MemoryPercentage", "Memory Percentage", "The average memory used across all instances of the plan.", "Percent", "average"),
        new("HttpQueueLength", "Http Queue Length", "The average number of HTTP requests that had to sit on the queue before being fulfilled.", "Count", "average"),
    ];

    public static readonly IReadOnlyList<MetricDefinition> Site =
    [
        new("Requests", "Requests", "The total number of requests regardless of their resulting HTTP status code.", "Count", "total"),
        new("Http5xx", "Http Server Errors", "The count of requests resulting in an HTTP status code >= 500 but < 600.", "Count", "total"),
        new("HttpResponseTime", "Response Time", "The time taken for the app to serve requests, in seconds.", "Seconds", "average"),
        new("RequestsInApplicationQueue", "Requests In Application Queue", "The number of requests in the application request queue.", "Count", "average"),
    ];
}
