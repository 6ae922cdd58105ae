using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>Resources per page of a resource group listing.</summary>
    public const int ListPageSize = 50;

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
        var route = ArmRoutes.Identify(segs, request.Method);
        if (route is null)
        {
            return ArmResult.Error(404, "NotFound", $"No route for {request.Method} {path} in the simulator.");
        }

        state.CountRequest(route.Operation);
        bool isWrite = WriteKinds.Contains(route.Operation);
        string baseUrl = $"{request.Scheme}://{request.Host}";
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

        if (route.Operation is "listGroupPlans" or "listGroupSites"
            && state.FaultsAPlanReadOf(route.Operation, route.Subscription, route.ResourceGroup!))
        {
            // Refused at once (a status no client retries): the fault is the per-plan read's to apply.
            return ArmResult.Error(409, "PlanReadFaulted", "A fault rule applies to the read of a plan of this resource group; read each plan on its own.");
        }

        var lroFault = default(LroFault);
        if ((state.MatchFault(route.Operation, path) ?? MatchBatchedMetricsFault(state, route, body)) is { } fault)
        {
            if (string.Equals(fault.Kind, FaultSpec.Delay, StringComparison.OrdinalIgnoreCase))
            {
                await state.Clock.DelayAsync(state.Clock.FromReal(TimeSpan.FromMilliseconds(fault.DelayMs ?? 1000)), context.RequestAborted);
            }
            else if (fault.Is(FaultSpec.Hold))
            {
                // Held before the platform sees the call until the rule is removed; a caller that goes away meanwhile
                // cancels the wait and nothing is applied.
                await fault.HoldSignal!.WaitAsync(context.RequestAborted);
            }
            else if (fault.Is(FaultSpec.LroHold))
            {
                lroFault = new LroFault(false, TimeSpan.Zero, fault.HoldSignal);
            }
            else if (string.Equals(fault.Kind, FaultSpec.LroFail, StringComparison.OrdinalIgnoreCase))
            {
                lroFault = new LroFault(true, TimeSpan.Zero);
            }
            else if (string.Equals(fault.Kind, FaultSpec.LroDelay, StringComparison.OrdinalIgnoreCase))
            {
                // The delay is given in real time on a scaled clock (as for 'delay'); the operation runs on the simulated clock.
                lroFault = new LroFault(false, state.Clock.FromReal(TimeSpan.FromMilliseconds(fault.DelayMs ?? 1000)));
            }
            else
            {
                var faulted = FaultResult(fault);
                state.Log(route.Operation, path, state.Now, "Faulted:" + fault.Kind, faulted.Status, fault.Kind, faulted: true);
                return faulted;
            }
        }

        var result = state.Locked(model =>
        {
            var now = model.Now;
            var entry = isWrite ? state.Log(route.Operation, path, now, "Received", 0, null, lroFault.Fail) : null;
            var r = Dispatch(state, model, route, body, request, entry, baseUrl, lroFault);
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

    /// <summary>
    /// A fault on per-resource metric reads ("metrics", not "*", which the call already met as itself) applies to a
    /// getBatch call too when it would apply to the per-resource read of one of the call's resources (its path,
    /// <c>{id}/providers/Microsoft.Insights/metrics</c>): a resource's metrics are read either way, and the fault is on
    /// reading them.
    /// </summary>
    private static FaultSpec? MatchBatchedMetricsFault(SimulatorState state, ArmRoute route, JsonObject? body) =>
        route.Operation == "metricsBatch" && body?["resourceids"] is JsonArray ids
            ? ids.Select(id => state.MatchFault("metrics", $"{id}/providers/Microsoft.Insights/metrics", exactOperation: true)).FirstOrDefault(fault => fault is not null)
            : null;

    private static ArmResult Dispatch(SimulatorState state, SimulatorState.LockedModel model, ArmRoute route, JsonObject? body, HttpRequest request, OperationEntry? entry, string baseUrl, LroFault lroFault)
    {
        var now = model.Now;
        switch (route.Operation)
        {
            case "metrics":
                return MonitorMetricsHandler.Metrics(model, route.ResourceUri!, request);
            case "metricsBatch":
                return MonitorMetricsHandler.MetricsBatch(model, route.Subscription, request, body);
        }

        switch (route.Operation)
        {
            case "listGroupPlans":
                return GroupPage([.. model.PlansIn(route.Subscription, route.ResourceGroup!).Select(p => (JsonNode)ArmJson.Plan(p))], request, baseUrl);
            case "listGroupSites":
                bool slots = bool.TryParse(request.Query["includeSlots"], out bool include) && include;
                var sites = model.SitesIn(route.Subscription, route.ResourceGroup!).SelectMany(s => slots ? s.AllSlots : [s.Production]);
                return GroupPage([.. sites.Select(s => (JsonNode)ArmJson.Site(s))], request, baseUrl);
        }

        string resourceId = $"/subscriptions/{route.Subscription}/resourceGroups/{route.ResourceGroup}/providers/Microsoft.Web/{(route.Kind == "plan" ? "serverfarms" : "sites")}/{route.Name}";
        if (route.Kind == "plan")
        {
            var plan = model.FindPlan(route.Subscription, route.ResourceGroup!, route.Name!);
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
                    return ArmWriteAnswers.From(model.UpdatePlan(plan, capacity, lroFault, entry!), () => ArmJson.Plan(plan), lro => PlanAccepted(state, plan, lro, baseUrl));
                default:
                    return model.FindLro(route.OperationId!) is { } lro && string.Equals(lro.ResourceId, plan.Id.ToString(), StringComparison.OrdinalIgnoreCase)
                        ? ArmWriteAnswers.OperationResult(state, lro, route.Operation == "operationStatus", now, baseUrl)
                        : ArmResult.NotFound($"{resourceId}/operationresults/{route.OperationId}");
            }
        }

        var site = model.FindSite(route.Subscription, route.ResourceGroup!, route.Name!);
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
                return ArmResult.Ok(WebConfigJson.Resource(slot));
            case "updateAppSettings":
                return body?["properties"] is JsonObject settings
                    ? ArmWriteAnswers.From(model.UpdateAppSettings(slot, AppSettingsOf(settings)), () => ArmJson.AppSettings(slot))
                    : ArmResult.BadRequest("The body must hold 'properties' with the app settings.");
            case "updateSlotConfigNames":
                return body?["properties"] is JsonObject names
                    ? ArmWriteAnswers.From(model.UpdateSlotConfigNames(site, NamesOf(names["appSettingNames"]), NamesOf(names["connectionStringNames"])), () => ArmJson.SlotConfigNames(site))
                    : ArmResult.BadRequest("The body must hold 'properties'.");
            case "setRouting":
                if (body?["properties"] is not JsonObject props)
                {
                    return ArmResult.BadRequest("The body must hold 'properties' (SiteConfig).");
                }

                return WebConfigJson.TryParse(props, slot, replace: request.Method == "PUT", out var update, out string? invalid)
                    ? ArmWriteAnswers.From(model.UpdateWebConfig(slot, update, entry!), () => WebConfigJson.Resource(slot))
                    : ArmResult.BadRequest(invalid);
            case "restart":
                return ArmWriteAnswers.From(model.RestartSlot(slot), () => null);
            case "operationResult":
                return model.FindLro(route.OperationId!) is { } lro
                    ? ArmWriteAnswers.OperationResult(state, lro, asyncOperation: false, now, baseUrl)
                    : ArmResult.NotFound($"{slot.Id}/operationresults/{route.OperationId}");
        }

        // Slot actions with a CsmSlotEntity body.
        if (route.Operation == "resetSlotConfig")
        {
            return ArmWriteAnswers.From(model.ResetSlotConfig(slot), () => null);
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
            ? ArmWriteAnswers.From(model.ApplySlotConfig(source, target), () => null)
            : ArmWriteAnswers.From(model.BeginSwap(source, target, lroFault, entry!), () => null, lro => ArmWriteAnswers.Accepted(state, lro, baseUrl, null, asyncOperation: false));
    }

    /// <summary>
    /// One page of a resource group listing, <see cref="ListPageSize"/> resources from the request's <c>$skipToken</c>,
    /// with a <c>nextLink</c> while more remain (ARM pages its collections the same way; callers follow the link).
    /// </summary>
    private static ArmResult GroupPage(List<JsonNode> all, HttpRequest request, string baseUrl)
    {
        int skip = int.TryParse(request.Query["$skipToken"], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
        string? next = null;
        if (skip + ListPageSize < all.Count)
        {
            var query = request.Query.Where(q => q.Key != "$skipToken").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"$skipToken={(skip + ListPageSize).ToString(CultureInfo.InvariantCulture)}");
            next = $"{baseUrl}{request.Path}?{string.Join('&', query)}";
        }

        return ArmResult.Ok(new JsonObject { ["value"] = new JsonArray([.. all.Skip(skip).Take(ListPageSize)]), ["nextLink"] = next });
    }

    /// <summary>202 for a plan scale: the plan with its target capacity; polling returns the plan once done.</summary>
    private static ArmResult PlanAccepted(SimulatorState state, PlanModel plan, LroModel lro, string baseUrl)
    {
        var body = ArmJson.Plan(plan);
        body["sku"]!["capacity"] = plan.PendingCapacity;
        return ArmWriteAnswers.Accepted(state, lro, baseUrl, body, asyncOperation: true);
    }

    private static Dictionary<string, string> AppSettingsOf(JsonObject properties)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in properties)
        {
            settings[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
        }

        return settings;
    }

    private static List<string>? NamesOf(JsonNode? node) =>
        node is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? string.Empty).Where(n => n.Length > 0).ToList() : null;
}
