using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Model;

namespace Seamless.Simulator.Http;

/// <summary>
/// Serves the ARM (Microsoft.Web) and Azure Monitor routes under <c>/subscriptions/...</c>: bearer
/// auth, api-version, fault injection, then one handler per operation. Paths are matched
/// case-insensitively, as ARM does.
/// </summary>
internal static class ArmRouter
{
    /// <summary>The Microsoft.Web api-version the simulator advertises in its URLs.</summary>
    public const string WebApiVersion = "2024-04-01";

    private static readonly string[] WriteKinds =
    [
        "applySlotConfig", "resetSlotConfig", "slotsswap", "setRouting", "updateConfig", "setCapacity", "restart", "updateAppSettings", "updateSlotConfigNames",
    ];

    public static async Task HandleAsync(HttpContext context, SimulatorState state)
    {
        var result = await RouteAsync(context, state);
        await WriteAsync(context, result);
    }

    public static async Task WriteAsync(HttpContext context, ArmResult result)
    {
        var response = context.Response;
        response.StatusCode = result.Status;
        response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        foreach (var (k, v) in result.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[k] = v;
        }

        if (result.Body is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(result.Body.ToJsonString(), context.RequestAborted);
        }
    }

    private static async Task<ArmResult> RouteAsync(HttpContext context, SimulatorState state)
    {
        var request = context.Request;
        string auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || auth.Length <= "Bearer ".Length)
        {
            return ArmResult.Error(
                401,
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing or is not a bearer token.",
                new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\"" });
        }

        if (string.IsNullOrEmpty(request.Query["api-version"]))
        {
            return ArmResult.BadRequest("The api-version query parameter (?api-version=) is required for all requests.", "MissingApiVersionParameter");
        }

        string path = request.Path.Value!.TrimEnd('/');
        string[] segs = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var route = Identify(segs, request.Method);
        if (route is null)
        {
            return ArmResult.Error(404, "NotFound", $"No route for {request.Method} {path} in the simulator.");
        }

        bool isWrite = WriteKinds.Contains(route.Operation);
        string baseUrl = $"{request.Scheme}://{request.Host}";
        var lroFault = default(LroFault);
        if (state.MatchFault(route.Operation, path) is { } fault)
        {
            if (string.Equals(fault.Kind, FaultSpec.Delay, StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(fault.DelayMs ?? 1000, context.RequestAborted);
            }
            else if (string.Equals(fault.Kind, FaultSpec.LroFail, StringComparison.OrdinalIgnoreCase))
            {
                lroFault = new LroFault(true, TimeSpan.Zero);
            }
            else if (string.Equals(fault.Kind, FaultSpec.LroDelay, StringComparison.OrdinalIgnoreCase))
            {
                // The delay is real time (as for 'delay'); the operation runs on the simulated clock.
                lroFault = new LroFault(false, TimeSpan.FromMilliseconds((fault.DelayMs ?? 1000) * state.TimeScale));
            }
            else
            {
                var faulted = FaultResult(fault);
                state.Log(route.Operation, path, state.Now, "Faulted:" + fault.Kind, faulted.Status, fault.Kind, faulted: true);
                return faulted;
            }
        }

        JsonObject? body = null;
        if (request.Method is "POST" or "PUT" or "PATCH" && (request.ContentLength ?? 1) > 0)
        {
            try
            {
                using var reader = new StreamReader(request.Body);
                string text = await reader.ReadToEndAsync(context.RequestAborted);
                body = text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException ex)
            {
                return ArmResult.BadRequest("The request content was invalid and could not be deserialized: " + ex.Message, "InvalidRequestContent");
            }
        }

        var result = state.Locked(now =>
        {
            var entry = isWrite ? state.Log(route.Operation, path, now, "Received", 0, null, lroFault.Fail) : null;
            var r = Dispatch(state, route, body, request, entry, now, baseUrl, lroFault);
            if (entry is not null)
            {
                entry.StatusCode = r.Status;
                if (entry.Result == "Received")
                {
                    entry.Result = r.Status switch { 202 => "Accepted", < 300 => "Succeeded", _ => "Rejected" };
                    if (entry.Result == "Succeeded")
                    {
                        entry.CompletedAt = now;
                    }
                }

                if (r.Status >= 400 && r.Body?["error"]?["message"] is JsonNode message)
                {
                    entry.Detail = message.GetValue<string>();
                }
            }

            return r;
        });
        return result;
    }

    /// <summary>The answer to a call an error fault (throttle, error500, error503, conflict) applies to.</summary>
    internal static ArmResult FaultResult(FaultSpec fault)
    {
        string retry = (fault.RetryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
        return fault.Kind.ToLowerInvariant() switch
        {
            "throttle" => ArmResult.Error(429, "TooManyRequests", "The request is being throttled (injected fault).", new Dictionary<string, string> { ["Retry-After"] = retry }),
            "error500" => ArmResult.Error(500, "InternalServerError", "An internal server error occurred (injected fault)."),
            "error503" => ArmResult.Error(503, "ServiceUnavailable", "The service is temporarily unavailable (injected fault).", new Dictionary<string, string> { ["Retry-After"] = retry }),
            "conflict" => ArmResult.Conflict(),
            _ => ArmResult.Error(500, "InternalServerError", $"Unknown injected fault kind '{fault.Kind}'."),
        };
    }

    /// <summary>A recognised route: the operation name and the parsed path parts.</summary>
    private sealed record Route(string Operation, string Subscription, string? ResourceGroup, string? Kind, string? Name, string? Slot, string? OperationId, string? ResourceUri);

    private static Route? Identify(string[] s, string method)
    {
        static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        if (s.Length < 2 || !Is(s[0], "subscriptions"))
        {
            return null;
        }

        if (s.Length == 3 && Is(s[2], "metrics:getBatch") && method == "POST")
        {
            return new Route("metricsBatch", s[1], null, null, null, null, null, null);
        }

        if (s.Length >= 3 && Is(s[^3], "providers") && Is(s[^2], "Microsoft.Insights") && Is(s[^1], "metrics") && method == "GET")
        {
            return new Route("metrics", s[1], null, null, null, null, null, "/" + string.Join('/', s[..^3]));
        }

        if (s.Length < 8 || !Is(s[2], "resourceGroups") || !Is(s[4], "providers") || !Is(s[5], "Microsoft.Web"))
        {
            return null;
        }

        string sub = s[1], rg = s[3], name = s[7];
        var rest = s[8..];
        if (Is(s[6], "serverfarms"))
        {
            return rest switch
            {
                [] when method == "GET" => new Route("getPlan", sub, rg, "plan", name, null, null, null),
                [] when method is "PUT" or "PATCH" => new Route("setCapacity", sub, rg, "plan", name, null, null, null),
                [var kind] when method == "GET" && Is(kind, "sites") => new Route("listPlanSites", sub, rg, "plan", name, null, null, null),
                [var kind, var id] when method == "GET" && Is(kind, "operationresults") => new Route("operationResult", sub, rg, "plan", name, null, id, null),
                [var kind, var id] when method == "GET" && Is(kind, "operationstatuses") => new Route("operationStatus", sub, rg, "plan", name, null, id, null),
                _ => null,
            };
        }

        if (!Is(s[6], "sites"))
        {
            return null;
        }

        string? slot = null;
        if (rest.Length >= 2 && Is(rest[0], "slots"))
        {
            slot = rest[1];
            rest = rest[2..];
        }
        else if (rest is [var only] && Is(only, "slots"))
        {
            return method == "GET" ? new Route("listSlots", sub, rg, "site", name, null, null, null) : null;
        }

        string? op = (rest, method) switch
        {
            ([], "GET") => slot is null ? "getSite" : "getSlot",
            ([var a], "GET") when Is(a, "instances") => "listInstances",
            ([var a, var b, var c], "POST") when Is(a, "config") && Is(b, "appsettings") && Is(c, "list") => "listAppSettings",
            ([var a, var b], "PUT") when Is(a, "config") && Is(b, "appsettings") => "updateAppSettings",
            ([var a, var b], "GET") when Is(a, "config") && Is(b, "slotConfigNames") && slot is null => "getSlotConfigNames",
            ([var a, var b], "PUT") when Is(a, "config") && Is(b, "slotConfigNames") && slot is null => "updateSlotConfigNames",
            ([var a], "POST") when Is(a, "applySlotConfig") => "applySlotConfig",
            ([var a], "POST") when Is(a, "resetSlotConfig") => "resetSlotConfig",
            ([var a], "POST") when Is(a, "slotsswap") => "slotsswap",
            ([var a], "POST") when Is(a, "restart") => "restart",
            ([var a, var b], "GET") when Is(a, "config") && Is(b, "web") => "getWebConfig",
            ([var a, var b], "PUT" or "PATCH") when Is(a, "config") && Is(b, "web") => "setRouting",
            ([var a, _], "GET") when Is(a, "operationresults") => "operationResult",
            _ => null,
        };
        return op is null ? null : new Route(op, sub, rg, "site", name, slot, op == "operationResult" ? rest[1] : null, null);
    }

    private static ArmResult Dispatch(SimulatorState state, Route route, JsonObject? body, HttpRequest request, OperationEntry? entry, DateTimeOffset now, string baseUrl, LroFault lroFault)
    {
        switch (route.Operation)
        {
            case "metrics":
                return Metrics(state, route.ResourceUri!, request);
            case "metricsBatch":
                return MetricsBatch(state, route.Subscription, request, body);
        }

        string resourceId = $"/subscriptions/{route.Subscription}/resourceGroups/{route.ResourceGroup}/providers/Microsoft.Web/{(route.Kind == "plan" ? "serverfarms" : "sites")}/{route.Name}";
        if (route.Kind == "plan")
        {
            var plan = state.FindPlan(route.Subscription, route.ResourceGroup!, route.Name!);
            if (plan is null)
            {
                return ArmResult.NotFound(resourceId);
            }

            switch (route.Operation)
            {
                case "getPlan":
                    return ArmResult.Ok(ArmJson.Plan(plan));
                case "listPlanSites":
                    return ArmResult.Ok(new JsonObject { ["value"] = new JsonArray(plan.Sites.Select(s => (JsonNode)ArmJson.Site(s.Production)).ToArray()), ["nextLink"] = null });
                case "setCapacity":
                    int? capacity = body?["sku"]?["capacity"] is JsonValue v && v.TryGetValue(out int c) ? c : null;
                    return state.UpdatePlan(plan, capacity, lroFault, entry!, now, baseUrl);
                default:
                    return state.FindLro(route.OperationId!) is { } lro && string.Equals(lro.ResourceId, plan.Id.ToString(), StringComparison.OrdinalIgnoreCase)
                        ? state.OperationResult(lro, route.Operation == "operationStatus", now, baseUrl)
                        : ArmResult.NotFound($"{resourceId}/operationresults/{route.OperationId}");
            }
        }

        var site = state.FindSite(route.Subscription, route.ResourceGroup!, route.Name!);
        if (site is null)
        {
            return ArmResult.NotFound(resourceId);
        }

        var slot = site.FindSlot(route.Slot);
        if (slot is null)
        {
            return ArmResult.NotFound($"{resourceId}/slots/{route.Slot}");
        }

        switch (route.Operation)
        {
            case "getSite":
            case "getSlot":
                return ArmResult.Ok(ArmJson.Site(slot));
            case "listSlots":
                return ArmResult.Ok(new JsonObject { ["value"] = new JsonArray(site.Slots.Values.Select(s => (JsonNode)ArmJson.Site(s)).ToArray()), ["nextLink"] = null });
            case "listInstances":
                return ArmResult.Ok(ArmJson.Instances(slot));
            case "listAppSettings":
                return ArmResult.Ok(ArmJson.AppSettings(slot));
            case "getSlotConfigNames":
                return ArmResult.Ok(ArmJson.SlotConfigNames(site));
            case "getWebConfig":
                return ArmResult.Ok(ArmJson.SiteConfig(slot));
            case "updateAppSettings":
                return body?["properties"] is JsonObject settings
                    ? SimulatorState.UpdateAppSettings(slot, settings, now)
                    : ArmResult.BadRequest("The body must hold 'properties' with the app settings.");
            case "updateSlotConfigNames":
                return body?["properties"] is JsonObject names
                    ? SimulatorState.UpdateSlotConfigNames(site, names)
                    : ArmResult.BadRequest("The body must hold 'properties'.");
            case "setRouting":
                if (body?["properties"] is not JsonObject props)
                {
                    return ArmResult.BadRequest("The body must hold 'properties' (SiteConfig).");
                }

                var r = SimulatorState.UpdateWebConfig(slot, props, request.Method == "PUT", entry!, now);
                return r;
            case "restart":
                return SimulatorState.RestartSlot(slot, now);
            case "operationResult":
                return state.FindLro(route.OperationId!) is { } lro
                    ? state.OperationResult(lro, asyncOperation: false, now, baseUrl)
                    : ArmResult.NotFound($"{slot.Id}/operationresults/{route.OperationId}");
        }

        // Slot actions with a CsmSlotEntity body.
        if (route.Operation == "resetSlotConfig")
        {
            return SimulatorState.ResetSlotConfig(slot, now);
        }

        string? targetName = body?["targetSlot"] is JsonValue t && t.TryGetValue(out string? tn) ? tn : null;
        if (string.IsNullOrWhiteSpace(targetName))
        {
            return ArmResult.BadRequest("The parameter 'targetSlot' is required (CsmSlotEntity { targetSlot, preserveVnet }).", "InvalidParameter");
        }

        var other = site.FindSlot(targetName);
        if (other is null)
        {
            return ArmResult.NotFound($"{resourceId}/slots/{targetName}");
        }

        // Production-level calls name the other slot; it is the source (it restarts and is warmed).
        var (source, target) = slot.IsProduction ? (other, slot) : (slot, other);
        if (source.IsProduction && !target.IsProduction)
        {
            (source, target) = (target, source);
        }

        return route.Operation == "applySlotConfig"
            ? SimulatorState.ApplySlotConfig(source, target, now)
            : state.BeginSwap(source, target, lroFault, entry!, now, baseUrl);
    }

    private static ArmResult Metrics(SimulatorState state, string resourceUri, HttpRequest request)
    {
        var q = request.Query;
        if (!TryParseTimespan(q["timespan"].ToString(), state.Now, out var start, out var end, out string? error)
            || !TryParseRequest(q["interval"], q["metricnames"], q["aggregation"], q["metricnamespace"], q["$filter"], start, end, out var req, out error))
        {
            return ArmResult.BadRequest(error!);
        }

        var err = state.MetricValues(resourceUri, req!, out var values, out string ns, out string region, out int cost);
        if (err is not null)
        {
            return err;
        }

        return ArmResult.Ok(new JsonObject
        {
            ["cost"] = cost,
            ["timespan"] = $"{ArmJson.IsoSeconds(start)}/{ArmJson.IsoSeconds(end)}",
            ["interval"] = SimulatorState.FormatInterval(req!.Interval ?? (end - start)),
            ["value"] = values,
            ["namespace"] = ns,
            ["resourceregion"] = region,
        });
    }

    private static ArmResult MetricsBatch(SimulatorState state, string subscription, HttpRequest request, JsonObject? body)
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

        var now = state.Now;
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
            var resolveError = state.ResolveMetricResource(id, out _, out string ns, out string r);
            if (resolveError is not null)
            {
                return resolveError;
            }

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
            var err = state.MetricValues(id, req!, out var values, out ns, out r, out _);
            if (err is not null)
            {
                return err;
            }

            entries.Add(new JsonObject
            {
                ["starttime"] = ArmJson.Iso(start),
                ["endtime"] = ArmJson.Iso(end),
                ["interval"] = SimulatorState.FormatInterval(req!.Interval ?? (end - start)),
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
}
