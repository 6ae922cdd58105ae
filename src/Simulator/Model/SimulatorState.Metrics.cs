using Seamless.Core.Model;
using Seamless.Core.Resources;

namespace Seamless.Simulator.Model;

/// <summary>Azure Monitor metrics over the per-minute buckets.</summary>
public sealed partial class SimulatorState
{
    /// <summary>Gets the first minute the history holds.</summary>
    private long HistoryStartMinute => _startMinute - HistoryMinutes;

    /// <summary>Finds the plan or slot an Azure Monitor resource id names (null: not found).</summary>
    private MetricResource? FindMetricResource(string resourceId)
    {
        var id = AzureResourceId.TryParse(resourceId, out _);
        if (id is null)
        {
            return null;
        }

        if (id.IsPlan)
        {
            return FindPlan(id.SubscriptionId, id.ResourceGroup, id.Name) is { } plan
                ? new MetricResource(plan, plan, MetricNames.PlanNamespace, plan.Region)
                : null;
        }

        var slot = FindSite(id.SubscriptionId, id.ResourceGroup, id.Name)?.FindSlot(id.Slot);
        return slot is null ? null : new MetricResource(slot, slot.Site.Plan, id.Slot is null ? MetricNames.SiteNamespace : MetricNames.SlotNamespace, slot.Site.Plan.Region);
    }

    /// <summary>Computes the history minutes of a plan in [first, end) that are not computed yet.</summary>
    private void EnsureHistory(PlanModel plan, long first, long end)
    {
        for (long m = Math.Max(first, HistoryStartMinute); m < Math.Min(end, CompleteMinutesEnd()); m++)
        {
            EnsureMinute(plan, m);
        }
    }

    /// <summary>The aggregates of one metric over complete minutes (null: no data), for one instance or all (null).</summary>
    private static MetricStats? StatsOf(MetricResource resource, string metric, List<long> minutes, string? instance) =>
        resource.Resource is PlanModel plan ? GaugeStats(plan, metric, minutes, instance) : RequestStats((SlotModel)resource.Resource, metric, minutes, instance);

    /// <summary>The instances with data in [first, end) or in the plan now.</summary>
    private static HashSet<string> InstancesOf(MetricResource resource, long first, long end) => InstancesInWindow(resource.Resource, first, end, resource.Plan);

    private static HashSet<string> InstancesInWindow(object resource, long first, long end, PlanModel plan)
    {
        var ids = new HashSet<string>(plan.Instances.Select(i => i.Id), StringComparer.Ordinal);
        for (long m = first; m < end; m++)
        {
            IEnumerable<string>? keys = resource is PlanModel p
                ? p.Minutes.GetValueOrDefault(m)?.Instances.Keys
                : ((SlotModel)resource).Minutes.GetValueOrDefault(m)?.Instances.Keys;
            if (keys is not null)
            {
                ids.UnionWith(keys);
            }
        }

        return ids;
    }

    private static MetricStats? GaugeStats(PlanModel plan, string metric, List<long> minutes, string? instance)
    {
        double weighted = 0, weight = 0, min = double.MaxValue, max = double.MinValue, total = 0;
        int count = 0;
        foreach (long m in minutes)
        {
            if (plan.Minutes.GetValueOrDefault(m) is not { } pm)
            {
                continue;
            }

            foreach (var (id, acc) in pm.Instances)
            {
                if (instance is not null && !string.Equals(id, instance, StringComparison.Ordinal))
                {
                    continue;
                }

                var g = metric switch
                {
                    "CpuPercentage" => acc.Cpu,
                    "MemoryPercentage" => acc.Memory,
                    _ => acc.Queue,
                };
                if (g.Weight <= 0)
                {
                    continue;
                }

                weighted += g.Average;
                weight += 1;
                min = Math.Min(min, g.Min);
                max = Math.Max(max, g.Max);
                total += g.Average;
                count += g.Samples;
            }
        }

        return weight <= 0 ? null : new MetricStats(Round(weighted / weight), Round(min), Round(max), Round(total), count);
    }

    private static MetricStats? RequestStats(SlotModel slot, string metric, List<long> minutes, string? instance)
    {
        if (minutes.Count == 0)
        {
            return null;
        }

        if (metric == "RequestsInApplicationQueue")
        {
            return QueueStats(slot, minutes, instance);
        }

        if (metric == "HttpResponseTime")
        {
            double requests = 0, latencySum = 0, min = double.MaxValue, max = 0;
            foreach (long m in minutes)
            {
                foreach (var (id, acc) in slot.Minutes.GetValueOrDefault(m)?.Instances ?? [])
                {
                    if ((instance is null || string.Equals(id, instance, StringComparison.Ordinal)) && acc.Requests > 0)
                    {
                        requests += acc.Requests;
                        latencySum += acc.LatencySumMs;
                        min = Math.Min(min, acc.MinLatencyMs);
                        max = Math.Max(max, acc.MaxLatencyMs);
                    }
                }
            }

            return requests <= 0
                ? null
                : new MetricStats(Round(latencySum / requests / 1000), Round(min / 1000), Round(max / 1000), Round(latencySum / 1000), Math.Round(requests));
        }

        // Count metrics: zero is data for a complete minute (unlike response time, which has none without requests).
        var values = new List<double>();
        foreach (long m in minutes)
        {
            var bucket = slot.Minutes.GetValueOrDefault(m);
            double v = 0;
            foreach (var (id, acc) in bucket?.Instances ?? [])
            {
                if (instance is null || string.Equals(id, instance, StringComparison.Ordinal))
                {
                    v += metric == "Requests" ? acc.Requests : acc.Failed;
                }
            }

            values.Add(Math.Round(v));
        }

        double sum = values.Sum();
        return new MetricStats(Round(sum / values.Count), values.Min(), values.Max(), sum, values.Count);
    }

    private static double Round(double v) => Math.Round(v, 4);
}
