namespace Seamless.Simulator.Http;

/// <summary>Recognises the ARM (Microsoft.Web) and Azure Monitor routes the simulator serves (case-insensitively, as ARM does).</summary>
internal static class ArmRoutes
{
    public static ArmRoute? Identify(string[] s, string method)
    {
        static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        if (s.Length < 2 || !Is(s[0], "subscriptions"))
        {
            return null;
        }

        if (s.Length == 3 && Is(s[2], "metrics:getBatch") && method == "POST")
        {
            return new ArmRoute("metricsBatch", s[1], null, null, null, null, null, null);
        }

        if (s.Length >= 3 && Is(s[^3], "providers") && Is(s[^2], "Microsoft.Insights") && Is(s[^1], "metrics") && method == "GET")
        {
            return new ArmRoute("metrics", s[1], null, null, null, null, null, "/" + string.Join('/', s[..^3]));
        }

        if (s.Length < 7 || !Is(s[2], "resourceGroups") || !Is(s[4], "providers") || !Is(s[5], "Microsoft.Web"))
        {
            return null;
        }

        if (s.Length == 7)
        {
            // A resource group's plans or apps (AppServicePlans_ListByResourceGroup, WebApps_ListByResourceGroup).
            return method != "GET" ? null
                : Is(s[6], "serverfarms") ? new ArmRoute("listGroupPlans", s[1], s[3], "group", null, null, null, null)
                : Is(s[6], "sites") ? new ArmRoute("listGroupSites", s[1], s[3], "group", null, null, null, null)
                : null;
        }

        string sub = s[1], rg = s[3], name = s[7];
        var rest = s[8..];
        if (Is(s[6], "serverfarms"))
        {
            return rest switch
            {
                [] when method == "GET" => new ArmRoute("getPlan", sub, rg, "plan", name, null, null, null),
                [] when method is "PUT" or "PATCH" => new ArmRoute("setCapacity", sub, rg, "plan", name, null, null, null),
                [var kind] when method == "GET" && Is(kind, "sites") => new ArmRoute("listPlanSites", sub, rg, "plan", name, null, null, null),
                [var kind, var id] when method == "GET" && Is(kind, "operationresults") => new ArmRoute("operationResult", sub, rg, "plan", name, null, id, null),
                [var kind, var id] when method == "GET" && Is(kind, "operationstatuses") => new ArmRoute("operationStatus", sub, rg, "plan", name, null, id, null),
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
            return method == "GET" ? new ArmRoute("listSlots", sub, rg, "site", name, null, null, null) : null;
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
        return op is null ? null : new ArmRoute(op, sub, rg, "site", name, slot, op == "operationResult" ? rest[1] : null, null);
    }
}

/// <summary>A recognised route: the operation name and the parsed path parts.</summary>
internal sealed record ArmRoute(string Operation, string Subscription, string? ResourceGroup, string? Kind, string? Name, string? Slot, string? OperationId, string? ResourceUri);
