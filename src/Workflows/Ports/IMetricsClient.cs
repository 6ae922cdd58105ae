using Seamless.Core.Model;

namespace Seamless.Workflows.Ports;

/// <summary>Azure Monitor metrics: the ARM per-resource API and the data-plane batch API.</summary>
public interface IMetricsClient
{
    /// <summary>GET {resource}/providers/Microsoft.Insights/metrics (api-version 2024-02-01).</summary>
    Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken);

    /// <summary>POST /subscriptions/{sub}/metrics:getBatch; at most 50 resources of one type and region.</summary>
    Task<IReadOnlyList<MetricResult>> QueryBatchAsync(MetricBatchQuery query, CancellationToken cancellationToken);
}
