using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Seamless.Simulator.Http;

namespace Seamless.Simulator.Model;

/// <summary>ARM writes to a slot's configuration: config/web (routing rules, health check), app settings, slot config names and restart. Every method here runs under the lock (via <see cref="Locked{T}"/>).</summary>
public sealed partial class SimulatorState
{
    internal static ArmResult UpdateWebConfig(SlotModel slot, JsonObject properties, bool replace, OperationEntry entry, DateTimeOffset now)
    {
        var site = slot.Site;
        if (site.BusyOperationId is not null)
        {
            return ArmResult.Conflict();
        }

        List<JsonObject>? rules = null;
        if (properties["experiments"] is JsonObject experiments && experiments["rampUpRules"] is JsonArray array)
        {
            rules = [];
            double sum = 0;
            foreach (var node in array)
            {
                if (node is not JsonObject rule)
                {
                    return ArmResult.BadRequest("experiments.rampUpRules must be an array of objects.");
                }

                var target = site.RuleSlot(rule);
                if (target is null || target.IsProduction)
                {
                    return ArmResult.BadRequest($"Routing rule '{rule["name"]}' does not name a deployment slot of '{site.Name}' (actionHostName must be the slot host name).");
                }

                double pct = rule["reroutePercentage"] is JsonValue v && v.TryGetValue(out double d) ? d : double.NaN;
                if (double.IsNaN(pct) || pct < 0 || pct > 100)
                {
                    return ArmResult.BadRequest("reroutePercentage must be a number between 0 and 100.");
                }

                sum += pct;
                rules.Add((JsonObject)rule.DeepClone());
            }

            if (sum > 100)
            {
                return ArmResult.BadRequest("The reroute percentages add up to more than 100.");
            }

            if (!slot.IsProduction)
            {
                return ArmResult.BadRequest("Traffic routing rules can only be set on the production slot's config/web.");
            }
        }
        else if (replace && slot.IsProduction)
        {
            rules = [];
        }

        bool restart = false;
        foreach (var (key, value) in properties)
        {
            // The image is the running build's (rendered on read), so a write cannot make the two disagree:
            // builds are deployed with /_sim/deploy or SimulatorState.Deploy.
            if (key == "experiments" || string.Equals(key, ArmJson.LinuxFxVersion, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (key == "healthCheckPath" && !JsonNode.DeepEquals(slot.SiteConfig[key], value))
            {
                restart = true;
            }

            slot.SiteConfig[key] = value?.DeepClone();
        }

        if (rules is not null)
        {
            site.RampUpRules.Clear();
            site.RampUpRules.AddRange(rules);
            entry.Detail = string.Join(", ", rules.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r["name"]}={r["reroutePercentage"]}%")));
            if (rules.Count == 0)
            {
                entry.Detail = "routing cleared";
            }
        }

        slot.LastModified = now;
        if (restart)
        {
            slot.Runtime.Restart(site.Plan.Instances, now);
            entry.Detail = (entry.Detail is null ? string.Empty : entry.Detail + "; ") + "healthCheckPath changed: restarted";
        }

        return ArmResult.Ok(ArmJson.SiteConfig(slot));
    }

    internal static ArmResult RestartSlot(SlotModel slot, DateTimeOffset now)
    {
        if (slot.Site.BusyOperationId is not null)
        {
            return ArmResult.Conflict();
        }

        slot.Runtime.Restart(slot.Site.Plan.Instances, now);
        return ArmResult.Ok(null);
    }

    internal static ArmResult UpdateAppSettings(SlotModel slot, JsonObject properties, DateTimeOffset now)
    {
        if (slot.Site.BusyOperationId is not null)
        {
            return ArmResult.Conflict();
        }

        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in properties)
        {
            settings[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
        }

        slot.AppSettings = settings;
        slot.LastModified = now;
        slot.Runtime.Restart(slot.Site.Plan.Instances, now);
        return ArmResult.Ok(ArmJson.AppSettings(slot));
    }

    internal static ArmResult UpdateSlotConfigNames(SiteModel site, JsonObject properties)
    {
        static List<string>? Names(JsonNode? node) =>
            node is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? string.Empty).Where(n => n.Length > 0).ToList() : null;

        if (Names(properties["appSettingNames"]) is { } apps)
        {
            site.StickyAppSettingNames.Clear();
            site.StickyAppSettingNames.AddRange(apps);
        }

        if (Names(properties["connectionStringNames"]) is { } conns)
        {
            site.StickyConnectionStringNames.Clear();
            site.StickyConnectionStringNames.AddRange(conns);
        }

        return ArmResult.Ok(ArmJson.SlotConfigNames(site));
    }
}
