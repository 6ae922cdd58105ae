using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Seamless.Simulator.Model;

namespace Seamless.Simulator.Http;

/// <summary>The Azure Monitor metrics routes (<c>metrics</c> and <c>metrics:getBatch</c>): query parsing and the response envelope.</summary>
internal static class MonitorMetricsHandler
{
    public static ArmResult Metrics(SimulatorState.LockedModel model, string resourceUri, HttpRequest request)
    {
        var q = request.Query;
        if (!TryParseTimespan(q["timespan"].ToString(), model.Now, out var start, out var end, out string? error)
            || !TryParseRequest(q["interval"], q["metricnames"], q["aggregation"], q["metricnamespace"], q["$filter"], start, end, out var req, out error))
        {
            return ArmResult.BadRequest(error!);
        }

        var err = MonitorMetricValues.Values(model, resourceUri, req!, out var values, out string ns, out string region, out int cost);
        if (err is not null)
        {
            return err;
        }

        return ArmResult.Ok(new JsonObject
        {
            ["cost"] = cost,
            ["timespan"] = $"{ArmJson.IsoSeconds(start)}/{ArmJson.IsoSeconds(end)}",
            ["interval"] = FormatInterval(req!.Interval ?? (end - start)),
            ["value"] = values,
            ["namespace"] = ns,
            ["resourceregion"] = region,
        });
    }

    public static ArmResult MetricsBatch(SimulatorState.LockedModel model, string subscription, HttpRequest request, JsonObject? body)
    {
        var q = request.Query;
        if (body?["resourceids"] is not JsonArray ids || ids.Count == 0)
        {
            return ArmResult.BadRequest("The body must hold a non-empty 'resourceids' array.");
        }

        if (ids.Count > 50)
        {
            return ArmResult.BadRequest($"At most 50 resource ids are allowed per batch request; got {ids.Count}.");
        }

        var now = model.Now;
        DateTimeOffset start, end;
        string? error = null;
        if (q.ContainsKey("starttime") || q.ContainsKey("endtime"))
        {
            if (!TryParseTime(q["starttime"], out start) || !TryParseTime(q["endtime"], out end))
            {
                return ArmResult.BadRequest("starttime and endtime must be ISO 8601 times.");
            }
        }
        else if (!TryParseTimespan(q["timespan"].ToString(), now, out start, out end, out error))
        {
            return ArmResult.BadRequest(error!);
        }

        if (!TryParseRequest(q["interval"], q["metricnames"], q["aggregation"], q["metricnamespace"], q["filter"], start, end, out var req, out error))
        {
            return ArmResult.BadRequest(error!);
        }

        string? type = null, region = null;
        var entries = new JsonArray();
        foreach (var node in ids)
        {
            string id = node?.GetValue<string>() ?? string.Empty;
            if (model.FindMetricResource(id) is not { } resource)
            {
                return ArmResult.NotFound(id);
            }

            string ns = resource.Namespace, r = resource.Region;

            var parsed = Core.Resources.AzureResourceId.Parse(id);
            if (!string.Equals(parsed.SubscriptionId, subscription, StringComparison.OrdinalIgnoreCase))
            {
                return ArmResult.BadRequest($"Resource '{id}' is not in subscription '{subscription}' of the request.");
            }

            if (type is not null && (!string.Equals(type, ns, StringComparison.OrdinalIgnoreCase) || !string.Equals(region, r, StringComparison.OrdinalIgnoreCase)))
            {
                return ArmResult.BadRequest("All resources of a batch request must have the same resource type and region.");
            }

            type = ns;
            region = r;
            var err = MonitorMetricValues.Values(model, id, req!, out var values, out ns, out r, out _);
            if (err is not null)
            {
                return err;
            }

            entries.Add(new JsonObject
            {
                ["starttime"] = ArmJson.Iso(start),
                ["endtime"] = ArmJson.Iso(end),
                ["interval"] = FormatInterval(req!.Interval ?? (end - start)),
                ["value"] = values,
                ["namespace"] = ns.ToLowerInvariant(),
                ["resourceregion"] = r,
                ["resourceid"] = id,
            });
        }

        return ArmResult.Ok(new JsonObject { ["values"] = entries });
    }

    private static bool TryParseRequest(string? interval, string? names, string? aggregation, string? ns, string? filter, DateTimeOffset start, DateTimeOffset end, out MetricRequest? request, out string? error)
    {
        request = null;
        error = null;
        TimeSpan? grain = TimeSpan.FromMinutes(1);
        if (!string.IsNullOrWhiteSpace(interval))
        {
            if (string.Equals(interval, "FULL", StringComparison.OrdinalIgnoreCase))
            {
                grain = null;
            }
            else
            {
                try
                {
                    grain = XmlConvert.ToTimeSpan(interval);
                }
                catch (FormatException)
                {
                    error = $"Invalid interval '{interval}' (ISO 8601 duration such as PT1M, or FULL).";
                    return false;
                }
            }
        }

        var metricNames = (names ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.Replace("%2", ",", StringComparison.Ordinal)).ToList();
        if (metricNames.Count == 0)
        {
            error = "The metricnames parameter is required.";
            return false;
        }

        if (metricNames.Count > 20)
        {
            error = "At most 20 metric names are allowed.";
            return false;
        }

        var aggregations = (aggregation ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => a.ToLowerInvariant()).Distinct().ToList();
        IReadOnlyList<string>? instances = null;
        if (!string.IsNullOrWhiteSpace(filter))
        {
            var matches = System.Text.RegularExpressions.Regex.Matches(filter, @"Instance\s+eq\s+'([^']*)'", System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
            if (matches.Count == 0)
            {
                error = $"Unsupported filter '{filter}': only the Instance dimension is served (Instance eq '*' or Instance eq '<id>').";
                return false;
            }

            instances = matches.Select(m => m.Groups[1].Value).ToList();
        }

        request = new MetricRequest(start, end, grain, metricNames, aggregations, string.IsNullOrWhiteSpace(ns) ? null : ns, instances);
        return true;
    }

    private static bool TryParseTimespan(string? timespan, DateTimeOffset now, out DateTimeOffset start, out DateTimeOffset end, out string? error)
    {
        error = null;
        end = now;
        start = now.AddHours(-1);
        if (string.IsNullOrWhiteSpace(timespan))
        {
            return true;
        }

        var parts = timespan.Split('/');
        try
        {
            if (parts.Length == 1)
            {
                start = now - XmlConvert.ToTimeSpan(parts[0]);
                return true;
            }

            if (parts.Length == 2)
            {
                bool startIsTime = TryParseTime(parts[0], out var s);
                bool endIsTime = TryParseTime(parts[1], out var e);
                if (startIsTime && endIsTime)
                {
                    (start, end) = (s, e);
                    return true;
                }

                if (startIsTime)
                {
                    (start, end) = (s, s + XmlConvert.ToTimeSpan(parts[1]));
                    return true;
                }

                if (endIsTime)
                {
                    (start, end) = (e - XmlConvert.ToTimeSpan(parts[0]), e);
                    return true;
                }
            }
        }
        catch (FormatException)
        {
        }

        error = $"Invalid timespan '{timespan}' (expected start/end in ISO 8601).";
        return false;
    }

    private static bool TryParseTime(string? value, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static string FormatInterval(TimeSpan interval) => XmlConvert.ToString(interval);
}
