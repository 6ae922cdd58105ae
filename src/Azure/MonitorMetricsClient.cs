using System.Globalization;
using System.Xml;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Seamless.Azure.Http;
using Seamless.Azure.Models;
using Seamless.Core.Model;
using Seamless.Workflows.Ports;

namespace Seamless.Azure;

/// <summary>
/// <see cref="IMetricsClient"/> over Azure Monitor: the ARM per-resource metrics API and the data-plane
/// <c>metrics:getBatch</c> API (api-version 2024-02-01). Empty buckets stay empty (all aggregates null).
/// </summary>
public sealed class MonitorMetricsClient : IMetricsClient
{
    /// <summary>The Monitor api-version (ARM and data plane).</summary>
    public const string ApiVersion = "2024-02-01";

    /// <summary>The most resource ids one batch call accepts.</summary>
    public const int MaxBatchResources = 50;

    /// <summary>The most metric names one call accepts.</summary>
    public const int MaxMetricNames = 20;

    // With $filter, ARM returns only the top 10 series unless told otherwise; the largest plans have 100 instances.
    private const int SplitTop = 100;

    private readonly AzureRestClient _arm;
    private readonly AzureRestClient _dataPlane;
    private readonly string _armBase;
    private readonly Uri? _metricsEndpoint;
    private readonly ILogger<MonitorMetricsClient> _logger;

    /// <summary>Initializes a new instance of the <see cref="MonitorMetricsClient"/> class.</summary>
    public MonitorMetricsClient(AzurePipelineFactory pipelines, ILogger<MonitorMetricsClient> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        TimeProvider time = timeProvider ?? TimeProvider.System;
        _armBase = pipelines.Options.ArmEndpoint.AbsoluteUri.TrimEnd('/');
        _metricsEndpoint = pipelines.Options.MetricsEndpoint;
        _arm = new AzureRestClient(pipelines.GetPipeline(AzurePipelineFactory.ArmScope), pipelines.Options, logger, time);
        _dataPlane = new AzureRestClient(pipelines.GetPipeline(AzurePipelineFactory.MetricsScope), pipelines.Options, logger, time);
    }

    /// <inheritdoc/>
    public async Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ResourceIdParts resource = ResourceIdParts.Parse(query.ResourceId, nameof(query));
        ValidateCommon(query.Names, query.Aggregations, query.Start, query.End, query.Interval, query.MetricNamespace);

        var uri = new RequestUriBuilder();
        uri.Reset(new Uri($"{_armBase}{resource.Id}/providers/Microsoft.Insights/metrics"));
        uri.AppendQuery("api-version", ApiVersion);
        uri.AppendQuery("timespan", $"{Format(query.Start)}/{Format(query.End)}");
        uri.AppendQuery("interval", XmlConvert.ToString(query.Interval));
        uri.AppendQuery("metricnames", string.Join(',', query.Names));
        uri.AppendQuery("aggregation", string.Join(',', query.Aggregations));
        uri.AppendQuery("metricnamespace", query.MetricNamespace);
        if (query.SplitByInstance)
        {
            uri.AppendQuery("$filter", $"{MetricNames.InstanceDimension} eq '*'");
            uri.AppendQuery("top", SplitTop.ToString(CultureInfo.InvariantCulture));
        }

        RestResult result = await _arm.SendExpectingSuccessAsync(RequestMethod.Get, uri.ToUri(), null, cancellationToken);
        MetricsResponse response = result.Read(AzureJsonContext.Default.MetricsResponse);
        return new MetricResult(query.ResourceId, ToSeries(response.Value, query.ResourceId)) { Region = RegionName(response.ResourceRegion) };
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<MetricResult>> QueryBatchAsync(MetricBatchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        string subscription = ValidateBatch(query);

        Uri baseUri = _metricsEndpoint ?? new Uri($"https://{query.Region}.metrics.monitor.azure.com");
        var uri = new RequestUriBuilder();
        uri.Reset(new Uri($"{baseUri.AbsoluteUri.TrimEnd('/')}/subscriptions/{subscription}/metrics:getBatch"));
        uri.AppendQuery("api-version", ApiVersion);
        uri.AppendQuery("starttime", Format(query.Start));
        uri.AppendQuery("endtime", Format(query.End));
        uri.AppendQuery("interval", XmlConvert.ToString(query.Interval));
        uri.AppendQuery("metricnamespace", query.MetricNamespace);
        uri.AppendQuery("metricnames", string.Join(',', query.Names));
        uri.AppendQuery("aggregation", string.Join(',', query.Aggregations));
        if (query.SplitByInstance)
        {
            // The data plane spells the parameter without "$".
            uri.AppendQuery("filter", $"{MetricNames.InstanceDimension} eq '*'");
            uri.AppendQuery("top", SplitTop.ToString(CultureInfo.InvariantCulture));
        }

        Logs.MetricsBatch(_logger, query.ResourceIds.Count, query.MetricNamespace, query.Region);
        BinaryData body = BinaryData.FromObjectAsJson(new MetricBatchRequest { ResourceIds = [.. query.ResourceIds] }, AzureJsonContext.Default.MetricBatchRequest);
        RestResult result = await _dataPlane.SendExpectingSuccessAsync(RequestMethod.Post, uri.ToUri(), body, cancellationToken);
        MetricBatchResponse response = result.Read(AzureJsonContext.Default.MetricBatchResponse);

        // Report under the ids the caller asked with (ARM may change their case).
        var requested = query.ResourceIds.ToDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase);
        var results = new List<MetricResult>();
        foreach (MetricBatchResourceValues values in response.Values ?? [])
        {
            string id = values.ResourceId is { } returned && requested.TryGetValue(returned, out string? asked)
                ? asked
                : values.ResourceId ?? ResourceOfMetric(values.Value) ?? string.Empty;
            results.Add(new MetricResult(id, ToSeries(values.Value, id)) { Region = RegionName(values.ResourceRegion) ?? query.Region });
        }

        return results;
    }

    /// <summary>A region as the batch endpoint takes it ("West Europe" and "westeurope" alike give "westeurope"); null when blank or not a region name.</summary>
    internal static string? RegionName(string? region)
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            return null;
        }

        var name = new string([.. region.Where(c => !char.IsWhiteSpace(c)).Select(char.ToLowerInvariant)]);
        return name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) ? name : null;
    }

    private static string ValidateBatch(MetricBatchQuery query)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query.Region, nameof(query));
        if (!query.Region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException("The region must be a lower-case name without spaces, e.g. 'westeurope'.", nameof(query));
        }

        ArgumentNullException.ThrowIfNull(query.ResourceIds, nameof(query));
        if (query.ResourceIds.Count is 0 or > MaxBatchResources)
        {
            throw new ArgumentException($"A batch holds 1 to {MaxBatchResources} resource ids, not {query.ResourceIds.Count}.", nameof(query));
        }

        ValidateCommon(query.Names, query.Aggregations, query.Start, query.End, query.Interval, query.MetricNamespace);
        ResourceIdParts first = ResourceIdParts.Parse(query.ResourceIds[0], nameof(query));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string id in query.ResourceIds)
        {
            ResourceIdParts parts = ResourceIdParts.Parse(id, nameof(query));
            if (!string.Equals(parts.Subscription, first.Subscription, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("All resources of a batch must be in one subscription.", nameof(query));
            }

            if (!string.Equals(parts.Type, first.Type, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("All resources of a batch must have one resource type.", nameof(query));
            }

            if (!seen.Add(parts.Id))
            {
                throw new ArgumentException($"The batch lists {parts.Id} twice.", nameof(query));
            }
        }

        if (!string.Equals(first.Type, query.MetricNamespace, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The metric namespace {query.MetricNamespace} does not match the resource type {first.Type}.", nameof(query));
        }

        return first.Subscription;
    }

    private static void ValidateCommon(
        IReadOnlyList<string> names,
        IReadOnlyList<string> aggregations,
        DateTimeOffset start,
        DateTimeOffset end,
        TimeSpan interval,
        string metricNamespace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metricNamespace);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(aggregations);
        if (names.Count is 0 or > MaxMetricNames || names.Any(n => string.IsNullOrWhiteSpace(n) || n.Contains(',', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Ask for 1 to {MaxMetricNames} metric names without commas.", nameof(names));
        }

        if (aggregations.Count == 0 || aggregations.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Ask for at least one aggregation.", nameof(aggregations));
        }

        if (end <= start)
        {
            throw new ArgumentException("The window must end after it starts.", nameof(end));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromMinutes(1));
    }

    private List<MetricSeries> ToSeries(List<MetricModel>? metrics, string resourceId)
    {
        var series = new List<MetricSeries>();
        foreach (MetricModel metric in metrics ?? [])
        {
            string name = metric.Name?.Value ?? LastSegment(metric.Id) ?? string.Empty;
            if (metric.ErrorCode is { } code && !string.Equals(code, "Success", StringComparison.OrdinalIgnoreCase))
            {
                // A per-metric error leaves the metric without series: missing data, never zero.
                Logs.MetricError(_logger, name, resourceId, code, metric.ErrorMessage);
            }

            foreach (TimeSeriesElement element in metric.TimeSeries ?? [])
            {
                string? instance = element.MetadataValues?
                    .FirstOrDefault(m => string.Equals(m.Name?.Value, MetricNames.InstanceDimension, StringComparison.OrdinalIgnoreCase))?.Value;
                List<MetricPoint> points = (element.Data ?? [])
                    .Select(d => new MetricPoint(d.TimeStamp, d.Average, d.Minimum, d.Maximum, d.Total, d.Count))
                    .OrderBy(p => p.Timestamp)
                    .ToList();
                series.Add(new MetricSeries(name, instance, metric.Unit ?? string.Empty, points));
            }
        }

        return series;
    }

    private static string? ResourceOfMetric(List<MetricModel>? metrics)
    {
        string? id = metrics?.FirstOrDefault()?.Id;
        int at = id?.IndexOf("/providers/Microsoft.Insights/metrics", StringComparison.OrdinalIgnoreCase) ?? -1;
        return at > 0 ? id![..at] : null;
    }

    private static string? LastSegment(string? id)
    {
        int slash = id?.LastIndexOf('/') ?? -1;
        return slash >= 0 ? id![(slash + 1)..] : null;
    }

    private static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
