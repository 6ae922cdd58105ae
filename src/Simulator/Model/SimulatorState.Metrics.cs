using System.Text.Json.Nodes;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Simulator.Http;

namespace Seamless.Simulator.Model;

/// <summary>Azure Monitor metrics over the per-minute buckets.</summary>
public sealed partial class SimulatorState
{
    private static readonly string[] AllAggregations = ["average", "minimum", "maximum", "total", "count"];

    /// <summary>Resolves a metrics resource: returns its namespace, region and definitions, or an error.</summary>
    internal ArmResult? ResolveMetricResource(string resourceId, out object? resource, out string ns, out string region)
    {
        resource = null;
        ns = string.Empty;
        region = string.Empty;
        var id = AzureResourceId.TryParse(resourceId, out _);
        if (id is null)
        {
            return ArmResult.NotFound(resourceId);
        }

        if (id.IsPlan)
        {
            var plan = FindPlan(id.SubscriptionId, id.ResourceGroup, id.Name);
            if (plan is null)
            {
                return ArmResult.NotFound(resourceId);
            }

            resource = plan;
            ns = MetricNames.PlanNamespace;
            region = plan.Region;
            return null;
        }

        var site = FindSite(id.SubscriptionId, id.ResourceGroup, id.Name);
        var slot = site?.FindSlot(id.Slot);
        if (slot is null)
        {
            return ArmResult.NotFound(resourceId);
        }

        resource = slot;
        ns = id.Slot is null ? MetricNames.SiteNamespace : MetricNames.SlotNamespace;
        region = slot.Site.Plan.Region;
        return null;
    }

    /// <summary>Builds the <c>value</c> array (metric objects) for one resource, or an error.</summary>
    internal ArmResult? MetricValues(string resourceId, MetricRequest request, out JsonArray values, out string ns, out string region, out int cost)
    {
        values = [];
        cost = 0;
        var error = ResolveMetricResource(resourceId, out object? resource, out ns, out region);
        if (error is not null)
        {
            return error;
        }

        if (request.Namespace is { Length: > 0 } requested && !string.Equals(requested, ns, StringComparison.OrdinalIgnoreCase))
        {
            return ArmResult.BadRequest($"Metric namespace '{requested}' does not match resource type '{ns}' of '{resourceId}'.");
        }

        var definitions = resource is PlanModel ? MetricDefinition.Plan : MetricDefinition.Site;
        foreach (string name in request.Names)
        {
            if (!definitions.Any(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return ArmResult.BadRequest(
                    $"Failed to find metric configuration for provider: Microsoft.Web, resource Type: {ns}, metric: {name}, Valid metrics: {string.Join(",", definitions.Select(d => d.Name))}",
                    "BadRequest");
            }
        }

        foreach (string agg in request.Aggregations)
        {
            if (!AllAggregations.Contains(agg))
            {
                return ArmResult.BadRequest($"Invalid aggregation '{agg}'. Valid values: Average, Minimum, Maximum, Total, Count.");
            }
        }

        var start = FromMinute(MinuteOf(request.Start));
        var end = request.End;
        if (end <= start)
        {
            return ArmResult.BadRequest("The timespan end must be after its start.");
        }

        var interval = request.Interval ?? (end - start);
        if (interval < TimeSpan.FromMinutes(1))
        {
            return ArmResult.BadRequest("The interval must be at least PT1M.");
        }

        var plan = resource is PlanModel p ? p : ((SlotModel)resource!).Site.Plan;
        long firstMinute = MinuteOf(start), endMinute = MinuteOf(end) + (end == FromMinute(MinuteOf(end)) ? 0 : 1);
        long completeEnd = CompleteMinutesEnd();
        long historyStart = _startMinute - HistoryMinutes;
        for (long m = Math.Max(firstMinute, historyStart); m < Math.Min(endMinute, completeEnd); m++)
        {
            EnsureMinute(plan, m);
        }

        foreach (string name in request.Names)
        {
            var def = definitions.First(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
            var aggregations = request.Aggregations.Count > 0 ? request.Aggregations : [def.Primary];
            var series = new JsonArray();
            List<string?> instanceKeys = request.Instances is null
                ? [null]
                : [.. InstancesInWindow(resource!, firstMinute, endMinute, plan)
                    .Where(i => request.Instances.Contains("*") || request.Instances.Contains(i, StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)];
            foreach (string? instance in instanceKeys)
            {
                var data = new JsonArray();
                for (var b = start; b < end; b += interval)
                {
                    long bFirst = MinuteOf(b), bEnd = Math.Min(MinuteOf(b + interval), endMinute);
                    var point = new JsonObject { ["timeStamp"] = ArmJson.IsoSeconds(b) };
                    var minutes = new List<long>();
                    for (long m = Math.Max(bFirst, historyStart); m < Math.Min(bEnd, completeEnd); m++)
                    {
                        minutes.Add(m);
                    }

                    var stats = resource is PlanModel pl
                        ? GaugeStats(pl, def.Name, minutes, instance)
                        : RequestStats((SlotModel)resource!, def.Name, minutes, instance);
                    if (stats is { } s)
                    {
                        foreach (string agg in aggregations)
                        {
                            point[agg] = agg switch
                            {
                                "average" => s.Average,
                                "minimum" => s.Minimum,
                                "maximum" => s.Maximum,
                                "total" => s.Total,
                                _ => s.Count,
                            };
                        }
                    }

                    data.Add(point);
                    cost++;
                }

                var metadata = new JsonArray();
                if (instance is not null)
                {
                    metadata.Add(new JsonObject
                    {
                        ["name"] = new JsonObject { ["value"] = "instance", ["localizedValue"] = "instance" },
                        ["value"] = instance,
                    });
                }

                series.Add(new JsonObject { ["metadatavalues"] = metadata, ["data"] = data });
            }

            values.Add(new JsonObject
            {
                ["id"] = $"{resourceId}/providers/Microsoft.Insights/metrics/{def.Name}",
                ["type"] = "Microsoft.Insights/metrics",
                ["name"] = new JsonObject { ["value"] = def.Name, ["localizedValue"] = def.Localized },
                ["displayDescription"] = def.Description,
                ["unit"] = def.Unit,
                ["timeseries"] = series,
                ["errorCode"] = "Success",
            });
        }

        return null;
    }

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

    private static Stats? GaugeStats(PlanModel plan, string metric, List<long> minutes, string? instance)
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

        return weight <= 0 ? null : new Stats(Round(weighted / weight), Round(min), Round(max), Round(total), count);
    }

    private static Stats? RequestStats(SlotModel slot, string metric, List<long> minutes, string? instance)
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
                : new Stats(Round(latencySum / requests / 1000), Round(min / 1000), Round(max / 1000), Round(latencySum / 1000), Math.Round(requests));
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
        return new Stats(Round(sum / values.Count), values.Min(), values.Max(), sum, values.Count);
    }

    private static double Round(double v) => Math.Round(v, 4);

    private readonly record struct Stats(double Average, double Minimum, double Maximum, double Total, double Count);
}
