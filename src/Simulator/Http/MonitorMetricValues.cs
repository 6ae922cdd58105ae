using System.Text.Json.Nodes;
using Seamless.Simulator.Model;

namespace Seamless.Simulator.Http;

/// <summary>
/// The <c>value</c> array of an Azure Monitor metrics answer: validates the request against the resource's
/// metric definitions and renders the model's per-minute aggregates as ARM JSON. Runs under the state's lock.
/// </summary>
internal static class MonitorMetricValues
{
    private static readonly string[] AllAggregations = ["average", "minimum", "maximum", "total", "count"];

    /// <summary>Builds the <c>value</c> array (metric objects) for one resource, or an error.</summary>
    public static ArmResult? Values(SimulatorState.LockedModel model, string resourceId, MetricRequest request, out JsonArray values, out string ns, out string region, out int cost)
    {
        values = [];
        cost = 0;
        ns = string.Empty;
        region = string.Empty;
        var found = model.FindMetricResource(resourceId);
        if (found is null)
        {
            return ArmResult.NotFound(resourceId);
        }

        ns = found.Namespace;
        region = found.Region;
        object resource = found.Resource;

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

        var start = SimulatorState.FromMinute(SimulatorState.MinuteOf(request.Start));
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

        long firstMinute = SimulatorState.MinuteOf(start), endMinute = SimulatorState.MinuteOf(end) + (end == SimulatorState.FromMinute(SimulatorState.MinuteOf(end)) ? 0 : 1);
        long completeEnd = model.CompleteMinutes;
        long historyStart = model.HistoryStartMinute;
        model.EnsureHistory(found.Plan, firstMinute, endMinute);

        foreach (string name in request.Names)
        {
            var def = definitions.First(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
            var aggregations = request.Aggregations.Count > 0 ? request.Aggregations : [def.Primary];
            var series = new JsonArray();
            List<string?> instanceKeys = request.Instances is null
                ? [null]
                : [.. model.InstancesOf(found, firstMinute, endMinute)
                    .Where(i => request.Instances.Contains("*") || request.Instances.Contains(i, StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)];
            foreach (string? instance in instanceKeys)
            {
                var data = new JsonArray();
                for (var b = start; b < end; b += interval)
                {
                    long bFirst = SimulatorState.MinuteOf(b), bEnd = Math.Min(SimulatorState.MinuteOf(b + interval), endMinute);
                    var point = new JsonObject { ["timeStamp"] = ArmJson.IsoSeconds(b) };
                    var minutes = new List<long>();
                    for (long m = Math.Max(bFirst, historyStart); m < Math.Min(bEnd, completeEnd); m++)
                    {
                        minutes.Add(m);
                    }

                    var stats = model.StatsOf(found, def.Name, minutes, instance);
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
}
