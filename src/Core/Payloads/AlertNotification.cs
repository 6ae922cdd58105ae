namespace Seamless.Core.Payloads;

/// <summary>
/// An Azure Monitor alert in the common alert schema, reduced to what Seamless acts on. Any delivery of the
/// schema parses (budget and service-health test actions included); the display fields are escaped and
/// capped (<see cref="UntrustedText"/>), empty when the delivery leaves them null.
/// </summary>
/// <param name="AlertId">essentials.alertId.</param>
/// <param name="AlertRule">essentials.alertRule (display only).</param>
/// <param name="Severity">Sev0–Sev4 (display only).</param>
/// <param name="SignalType">Metric, Log, Activity Log, or whatever else the delivery names (only Metric is acted on).</param>
/// <param name="MonitorCondition">Fired or Resolved.</param>
/// <param name="TargetIds">essentials.alertTargetIDs.</param>
/// <param name="FiredAt">essentials.firedDateTime.</param>
/// <param name="ConditionType">alertContext.conditionType (metric alerts).</param>
/// <param name="Metrics">Metric conditions (metric alerts; empty otherwise).</param>
public sealed record AlertNotification(
    string AlertId,
    string AlertRule,
    string Severity,
    string SignalType,
    string MonitorCondition,
    IReadOnlyList<string> TargetIds,
    DateTimeOffset? FiredAt,
    string? ConditionType,
    IReadOnlyList<AlertMetricCondition> Metrics)
{
    /// <summary>Gets essentials.monitoringService (Platform, Log Alerts V2, CostAlerts, ServiceHealth, …), if any (display only).</summary>
    public string? MonitoringService { get; init; }

    /// <summary>Gets a value indicating whether this is a metric alert.</summary>
    public bool IsMetric => string.Equals(SignalType, "Metric", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets a value indicating whether the alert fired (rather than resolved).</summary>
    public bool IsFired => string.Equals(MonitorCondition, "Fired", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One metric condition of a metric alert.</summary>
/// <param name="MetricName">The metric name.</param>
/// <param name="MetricNamespace">The metric namespace.</param>
/// <param name="Operator">GreaterThan, LessThan, …</param>
/// <param name="Threshold">The static threshold (string in the schema), if any.</param>
/// <param name="MetricValue">The observed value, if any.</param>
public sealed record AlertMetricCondition(string MetricName, string? MetricNamespace, string? Operator, string? Threshold, double? MetricValue);
