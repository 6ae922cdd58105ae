using System.Globalization;
using System.Text.Json.Nodes;
using Seamless.Simulator.Http;

namespace Seamless.Simulator.Model;

/// <summary>ARM writes to a slot's configuration: config/web (routing rules, health check), app settings, slot config names and restart. Every method here runs under the lock (via <see cref="Locked{T}"/>).</summary>
public sealed partial class SimulatorState
{
    private static WriteResult UpdateWebConfig(SlotModel slot, JsonObject properties, bool replace, OperationEntry entry, DateTimeOffset now)
    {
        var site = slot.Site;
        if (site.BusyOperationId is not null)
        {
            return WriteResult.Conflict();
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
                    return WriteResult.Invalid("experiments.rampUpRules must be an array of objects.");
                }

                var target = site.RuleSlot(rule);
                if (target is null || target.IsProduction)
                {
                    return WriteResult.Invalid($"Routing rule '{rule["name"]}' does not name a deployment slot of '{site.Name}' (actionHostName must be the slot host name).");
                }

                double pct = rule["reroutePercentage"] is JsonValue v && v.TryGetValue(out double d) ? d : double.NaN;
                if (double.IsNaN(pct) || pct < 0 || pct > 100)
                {
                    return WriteResult.Invalid("reroutePercentage must be a number between 0 and 100.");
                }

                sum += pct;
                rules.Add((JsonObject)rule.DeepClone());
            }

            if (sum > 100)
            {
                return WriteResult.Invalid("The reroute percentages add up to more than 100.");
            }

            if (!slot.IsProduction)
            {
                return WriteResult.Invalid("Traffic routing rules can only be set on the production slot's config/web.");
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

        return WriteResult.Done;
    }

    private static WriteResult RestartSlot(SlotModel slot, DateTimeOffset now)
    {
        if (slot.Site.BusyOperationId is not null)
        {
            return WriteResult.Conflict();
        }

        slot.Runtime.Restart(slot.Site.Plan.Instances, now);
        return WriteResult.Done;
    }

    private static WriteResult UpdateAppSettings(SlotModel slot, Dictionary<string, string> settings, DateTimeOffset now)
    {
        if (slot.Site.BusyOperationId is not null)
        {
            return WriteResult.Conflict();
        }

        slot.AppSettings = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase);
        slot.LastModified = now;
        slot.Runtime.Restart(slot.Site.Plan.Instances, now);
        return WriteResult.Done;
    }

    /// <summary>Replaces the sticky app setting and connection string names (null leaves a list as it is).</summary>
    private static WriteResult UpdateSlotConfigNames(SiteModel site, IReadOnlyList<string>? appSettingNames, IReadOnlyList<string>? connectionStringNames)
    {
        if (appSettingNames is not null)
        {
            site.StickyAppSettingNames.Clear();
            site.StickyAppSettingNames.AddRange(appSettingNames);
        }

        if (connectionStringNames is not null)
        {
            site.StickyConnectionStringNames.Clear();
            site.StickyConnectionStringNames.AddRange(connectionStringNames);
        }

        return WriteResult.Done;
    }
}
