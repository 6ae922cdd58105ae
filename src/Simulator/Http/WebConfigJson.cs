using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Model;

namespace Seamless.Simulator.Http;

/// <summary>
/// ARM's <c>config/web</c> (SiteConfig) both ways: a request's properties to a typed <see cref="WebConfigUpdate"/> (400
/// messages for what cannot be typed), and a slot's configuration back to ARM JSON. The properties the simulator does not
/// interpret are kept in the slot as raw JSON text the model never parses (<see cref="SlotModel.EchoedConfig"/>), so the
/// model holds no JSON objects and a GET shows back exactly what was written.
/// </summary>
internal static class WebConfigJson
{
    /// <summary>The property naming the container image: rendered from the running build, a write cannot change it.</summary>
    public const string LinuxFxVersion = "linuxFxVersion";

    public const string HealthCheckPath = "healthCheckPath";

    public const string Experiments = "experiments";

    public const string RampUpRules = "rampUpRules";

    /// <summary>
    /// Maps the <c>properties</c> of a PUT or PATCH of config/web. <paramref name="replace"/> (PUT) on production clears
    /// the routing rules when the body has none, as only production holds them.
    /// </summary>
    public static bool TryParse(JsonObject properties, SlotModel slot, bool replace, [NotNullWhen(true)] out WebConfigUpdate? update, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(slot);
        update = null;
        List<RampUpRule>? rules = null;
        if (properties[Experiments] is JsonObject experiments && experiments[RampUpRules] is JsonArray array)
        {
            rules = [];
            foreach (var node in array)
            {
                if (!TryParseRule(node, out var rule, out error))
                {
                    return false;
                }

                rules.Add(rule);
            }
        }
        else if (replace && slot.IsProduction)
        {
            rules = [];
        }

        bool setsHealthCheckPath = false;
        string? healthCheckPath = null;
        var echoed = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in properties)
        {
            if (key == Experiments || string.Equals(key, LinuxFxVersion, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (key == HealthCheckPath)
            {
                if (!TryString(value, out healthCheckPath))
                {
                    error = "healthCheckPath must be a string.";
                    return false;
                }

                setsHealthCheckPath = true;
                continue;
            }

            echoed.Add(new(key, value?.ToJsonString() ?? "null"));
        }

        update = new WebConfigUpdate { RampUpRules = rules, SetsHealthCheckPath = setsHealthCheckPath, HealthCheckPath = healthCheckPath, Echoed = echoed };
        error = null;
        return true;
    }

    /// <summary>The slot's config/web properties as ARM shows them (also a site's <c>siteConfig</c>): no experiments.</summary>
    public static JsonObject Properties(SlotModel slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var props = Defaults();
        foreach (var (name, json) in slot.EchoedConfig)
        {
            props[name] = JsonNode.Parse(json);
        }

        props[HealthCheckPath] = slot.HealthCheckPath;
        props[LinuxFxVersion] = BuildIdentity.LinuxFxVersion(slot.Site.Name, slot.Runtime.Build.Version);
        return props;
    }

    /// <summary>The config/web resource: <see cref="Properties"/> and the routing rules (held by production only).</summary>
    public static JsonObject Resource(SlotModel slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var props = Properties(slot);
        IReadOnlyList<RampUpRule> rules = slot.IsProduction ? slot.Site.RampUpRules : [];
        props[Experiments] = new JsonObject { [RampUpRules] = new JsonArray(rules.Select(r => (JsonNode)Rule(r)).ToArray()) };
        return new JsonObject
        {
            ["id"] = slot.Id + "/config/web",
            ["name"] = "web",
            ["type"] = slot.IsProduction ? "Microsoft.Web/sites/config" : "Microsoft.Web/sites/slots/config",
            ["kind"] = "app",
            ["location"] = slot.Site.Plan.Location,
            ["properties"] = props,
        };
    }

    /// <summary>A rule in ARM's RampUpRule shape and field order.</summary>
    public static JsonObject Rule(RampUpRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new JsonObject
        {
            ["actionHostName"] = rule.ActionHostName,
            ["reroutePercentage"] = rule.ReroutePercentage,
            ["changeStep"] = rule.ChangeStep,
            ["changeIntervalInMinutes"] = rule.ChangeIntervalInMinutes,
            ["minReroutePercentage"] = rule.MinReroutePercentage,
            ["maxReroutePercentage"] = rule.MaxReroutePercentage,
            ["changeDecisionCallbackUrl"] = rule.ChangeDecisionCallbackUrl,
            ["name"] = rule.Name,
        };
    }

    private static bool TryParseRule(JsonNode? node, [NotNullWhen(true)] out RampUpRule? rule, [NotNullWhen(false)] out string? error)
    {
        rule = null;
        if (node is not JsonObject o)
        {
            error = "experiments.rampUpRules must be an array of objects.";
            return false;
        }

        if (o["reroutePercentage"] is not JsonValue v || !v.TryGetValue(out double percentage))
        {
            error = "reroutePercentage must be a number between 0 and 100.";
            return false;
        }

        error = FieldError(o, out string? name, out string? host, out string? callback, out double? step, out int? interval, out double? min, out double? max);
        if (error is not null)
        {
            return false;
        }

        rule = new RampUpRule(name, host, percentage)
        {
            ChangeStep = step,
            ChangeIntervalInMinutes = interval,
            MinReroutePercentage = min,
            MaxReroutePercentage = max,
            ChangeDecisionCallbackUrl = callback,
        };
        return true;
    }

    private static string? FieldError(JsonObject o, out string? name, out string? host, out string? callback, out double? step, out int? interval, out double? min, out double? max)
    {
        step = min = max = null;
        interval = null;
        callback = null;
        host = null;
        if (!TryString(o["name"], out name))
        {
            return "Routing rule field 'name' must be a string.";
        }

        if (!TryString(o["actionHostName"], out host))
        {
            return $"Routing rule '{name}' field 'actionHostName' must be a string.";
        }

        if (!TryString(o["changeDecisionCallbackUrl"], out callback))
        {
            return $"Routing rule '{name}' field 'changeDecisionCallbackUrl' must be a string.";
        }

        if (!TryNumber(o["changeStep"], out step) || !TryNumber(o["minReroutePercentage"], out min) || !TryNumber(o["maxReroutePercentage"], out max))
        {
            return $"Routing rule '{name}' fields changeStep, minReroutePercentage and maxReroutePercentage must be numbers.";
        }

        if (!TryNumber(o["changeIntervalInMinutes"], out interval))
        {
            return $"Routing rule '{name}' field 'changeIntervalInMinutes' must be a whole number.";
        }

        return null;
    }

    /// <summary>Reads an optional string: absent or null is null; any other kind is refused.</summary>
    private static bool TryString(JsonNode? node, out string? value)
    {
        value = null;
        return node is null || (node is JsonValue v && v.TryGetValue(out value));
    }

    /// <summary>Reads an optional number: absent or null is null; any other kind is refused.</summary>
    private static bool TryNumber<T>(JsonNode? node, out T? value)
        where T : struct
    {
        value = null;
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue v && v.TryGetValue(out T number))
        {
            value = number;
            return true;
        }

        return false;
    }

    /// <summary>
    /// The <c>config/web</c> properties of a fresh slot (field set of GetSiteConfig.json plus routing and health check), in
    /// ARM's order: what a slot echoes is written over it, <c>healthCheckPath</c> and <c>linuxFxVersion</c> come from the model.
    /// </summary>
    private static JsonObject Defaults() => new()
    {
        ["acrUseManagedIdentityCreds"] = false,
        ["alwaysOn"] = true,
        ["appCommandLine"] = string.Empty,
        ["autoHealEnabled"] = false,
        ["azureStorageAccounts"] = new JsonObject(),
        ["defaultDocuments"] = new JsonArray("Default.htm", "Default.html", "index.html", "hostingstart.html"),
        ["detailedErrorLoggingEnabled"] = false,
        ["ftpsState"] = "Disabled",
        ["functionAppScaleLimit"] = 0,
        ["functionsRuntimeScaleMonitoringEnabled"] = false,
        ["http20Enabled"] = true,
        ["httpLoggingEnabled"] = false,
        ["loadBalancing"] = "LeastRequests",
        ["logsDirectorySizeLimit"] = 35,
        ["managedPipelineMode"] = "Integrated",
        ["minTlsVersion"] = "1.2",
        ["minimumElasticInstanceCount"] = 0,
        ["netFrameworkVersion"] = "v8.0",
        ["nodeVersion"] = string.Empty,
        ["numberOfWorkers"] = 1,
        ["phpVersion"] = string.Empty,
        ["powerShellVersion"] = string.Empty,
        ["pythonVersion"] = string.Empty,
        ["remoteDebuggingEnabled"] = false,
        ["requestTracingEnabled"] = false,
        ["scmMinTlsVersion"] = "1.2",
        ["use32BitWorkerProcess"] = false,
        ["virtualApplications"] = new JsonArray(new JsonObject { ["physicalPath"] = "site\\wwwroot", ["preloadEnabled"] = true, ["virtualPath"] = "/" }),
        ["vnetName"] = string.Empty,
        ["vnetPrivatePortsCount"] = 0,
        ["vnetRouteAllEnabled"] = false,
        ["webSocketsEnabled"] = false,
        ["healthCheckPath"] = null,
        ["autoSwapSlotName"] = null,
    };
}
