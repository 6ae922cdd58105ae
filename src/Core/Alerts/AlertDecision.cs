using Seamless.Core.Model;
using Seamless.Core.Payloads;
using Seamless.Core.Resources;

namespace Seamless.Core.Alerts;

/// <summary>What Seamless does with an alert.</summary>
public enum AlertActionKind
{
    /// <summary>Accepted and recorded; nothing to do.</summary>
    Record,

    /// <summary>A plan capacity metric fired: scale out now and veto scale-in.</summary>
    ScaleOutAndVeto,

    /// <summary>A capacity alert resolved: lift the veto.</summary>
    LiftVeto,

    /// <summary>A site alert fired: abort the release in flight on it, if any.</summary>
    AbortRelease,
}

/// <summary>The decision for one alert.</summary>
/// <param name="Kind">The action.</param>
/// <param name="ResourceId">The plan or site acted on (canonical id), if any.</param>
/// <param name="Reason">Reason code.</param>
/// <param name="Message">Human explanation.</param>
public sealed record AlertAction(AlertActionKind Kind, string? ResourceId, string Reason, string Message);

/// <summary>Routes a parsed alert to an action (pure; the allow-list comes in as arguments).</summary>
public static class AlertDecision
{
    /// <summary>Plan metrics that mean "capacity is short".</summary>
    public static readonly IReadOnlyList<string> CapacityMetrics = [MetricNames.CpuPercentage, MetricNames.MemoryPercentage, MetricNames.HttpQueueLength];

    /// <summary>Decides what to do with an alert.</summary>
    public static AlertAction Decide(AlertNotification alert, Func<AzureResourceId, bool> isManagedPlan, Func<AzureResourceId, bool> isManagedSite)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(isManagedPlan);
        ArgumentNullException.ThrowIfNull(isManagedSite);
        if (!alert.IsMetric)
        {
            return new AlertAction(AlertActionKind.Record, null, "not-a-metric-alert", $"{alert.SignalType} alert '{alert.AlertRule}' recorded; only metric alerts drive actions.");
        }

        foreach (string target in alert.TargetIds)
        {
            var id = AzureResourceId.TryParse(target, out _);
            if (id is null)
            {
                continue;
            }

            if (id.IsPlan && isManagedPlan(id))
            {
                bool capacity = alert.Metrics.Count == 0
                    || alert.Metrics.Any(m => CapacityMetrics.Contains(m.MetricName, StringComparer.OrdinalIgnoreCase));
                if (!capacity)
                {
                    return new AlertAction(AlertActionKind.Record, id.ToString(), "not-a-capacity-metric", $"alert '{alert.AlertRule}' on {id.Name} is not on a capacity metric; recorded.");
                }

                return alert.IsFired
                    ? new AlertAction(AlertActionKind.ScaleOutAndVeto, id.ToString(), "capacity-alert-fired", $"capacity alert '{alert.AlertRule}' fired on {id.Name}: scale out and hold scale-in.")
                    : new AlertAction(AlertActionKind.LiftVeto, id.ToString(), "capacity-alert-resolved", $"capacity alert '{alert.AlertRule}' resolved on {id.Name}: scale-in may resume.");
            }

            if (id.IsSite && isManagedSite(id.Site))
            {
                return alert.IsFired
                    ? new AlertAction(AlertActionKind.AbortRelease, id.Site.ToString(), "site-alert-fired", $"alert '{alert.AlertRule}' fired on {id.Name}: abort a release in flight.")
                    : new AlertAction(AlertActionKind.Record, id.Site.ToString(), "site-alert-resolved", $"alert '{alert.AlertRule}' resolved on {id.Name}; recorded.");
            }
        }

        return new AlertAction(AlertActionKind.Record, null, "not-managed", $"alert '{alert.AlertRule}' targets no managed plan or site; recorded.");
    }
}
