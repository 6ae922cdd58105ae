using System.Text.Json.Serialization;

namespace Seamless.Azure.Models;

// Wire shapes of Azure Monitor metrics (ARM Metrics_List and data-plane metrics:getBatch, 2024-02-01).

internal sealed class MetricsResponse
{
    public string? Timespan { get; set; }

    public string? Interval { get; set; }

    public string? Namespace { get; set; }

    [JsonPropertyName("resourceregion")]
    public string? ResourceRegion { get; set; }

    public List<MetricModel>? Value { get; set; }
}

internal sealed class MetricModel
{
    public string? Id { get; set; }

    public LocalizableString? Name { get; set; }

    public string? Unit { get; set; }

    [JsonPropertyName("timeseries")]
    public List<TimeSeriesElement>? TimeSeries { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }
}

internal sealed class LocalizableString
{
    public string? Value { get; set; }

    public string? LocalizedValue { get; set; }
}

internal sealed class TimeSeriesElement
{
    [JsonPropertyName("metadatavalues")]
    public List<MetadataValue>? MetadataValues { get; set; }

    public List<MetricValue>? Data { get; set; }
}

internal sealed class MetadataValue
{
    public LocalizableString? Name { get; set; }

    public string? Value { get; set; }
}

internal sealed class MetricValue
{
    public DateTimeOffset TimeStamp { get; set; }

    public double? Average { get; set; }

    public double? Minimum { get; set; }

    public double? Maximum { get; set; }

    public double? Total { get; set; }

    public double? Count { get; set; }
}

internal sealed class MetricBatchRequest
{
    // The data plane requires the lower-case property name.
    [JsonPropertyName("resourceids")]
    public required List<string> ResourceIds { get; set; }
}

internal sealed class MetricBatchResponse
{
    public List<MetricBatchResourceValues>? Values { get; set; }
}

internal sealed class MetricBatchResourceValues
{
    [JsonPropertyName("starttime")]
    public string? StartTime { get; set; }

    [JsonPropertyName("endtime")]
    public string? EndTime { get; set; }

    public string? Interval { get; set; }

    public string? Namespace { get; set; }

    [JsonPropertyName("resourceregion")]
    public string? ResourceRegion { get; set; }

    [JsonPropertyName("resourceid")]
    public string? ResourceId { get; set; }

    public List<MetricModel>? Value { get; set; }
}
