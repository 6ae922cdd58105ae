using System.Globalization;

namespace Seamless.Simulator.Model;

/// <summary>ARM writes to a slot's configuration: config/web (routing rules, health check), app settings, slot config names and restart. Every method here runs under the lock (via <see cref="Locked{T}"/>).</summary>
public sealed partial class SimulatorState
{
    private static WriteResult UpdateWebConfig(SlotModel slot, WebConfigUpdate update, OperationEntry entry, DateTimeOffset now)
    {
        var site = slot.Site;
        if (site.BusyOperationId is not null)
        {
            return WriteResult.Conflict();
        }

        if (update.RampUpRules is { } rules && RoutingRulesError(slot, rules) is { } error)
        {
            return WriteResult.Invalid(error);
        }

        bool restart = update.SetsHealthCheckPath && !string.Equals(slot.HealthCheckPath, update.HealthCheckPath, StringComparison.Ordinal);
        if (update.SetsHealthCheckPath)
        {
            slot.HealthCheckPath = update.HealthCheckPath;
        }

        foreach (var (name, json) in update.Echoed)
        {
            slot.EchoedConfig[name] = json;
        }

        if (update.RampUpRules is { } newRules)
        {
            site.RampUpRules.Clear();
            site.RampUpRules.AddRange(newRules);
            entry.Detail = newRules.Count == 0
                ? "routing cleared"
                : string.Join(", ", newRules.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name}={r.ReroutePercentage}%")));
        }

        slot.LastModified = now;
        if (restart)
        {
            slot.Runtime.Restart(site.Plan.Instances, now);
            entry.Detail = (entry.Detail is null ? string.Empty : entry.Detail + "; ") + "healthCheckPath changed: restarted";
        }

        return WriteResult.Done;
    }

    /// <summary>Why <paramref name="rules"/> cannot be set on <paramref name="slot"/>'s config/web, or null when they can.</summary>
    private static string? RoutingRulesError(SlotModel slot, IReadOnlyList<RampUpRule> rules)
    {
        var site = slot.Site;
        double sum = 0;
        foreach (var rule in rules)
        {
            var target = site.RuleSlot(rule);
            if (target is null || target.IsProduction)
            {
                return $"Routing rule '{rule.Name}' does not name a deployment slot of '{site.Name}' (actionHostName must be the slot host name).";
            }

            double pct = rule.ReroutePercentage;
            if (double.IsNaN(pct) || pct < 0 || pct > 100)
            {
                return "reroutePercentage must be a number between 0 and 100.";
            }

            sum += pct;
        }

        if (sum > 100)
        {
            return "The reroute percentages add up to more than 100.";
        }

        return slot.IsProduction ? null : "Traffic routing rules can only be set on the production slot's config/web.";
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
