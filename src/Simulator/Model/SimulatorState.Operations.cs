using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Seamless.Core.Resources;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Http;

namespace Seamless.Simulator.Model;

/// <summary>The ARM write operations and the data plane. Every method here runs under the lock (via <see cref="Locked{T}"/>).</summary>
public sealed partial class SimulatorState
{
    /// <summary>Simulated seconds a swap takes once its source is warm (routing switch, settings).</summary>
    internal const double SwapSeconds = 15;

    /// <summary>Simulated seconds a plan capacity change takes.</summary>
    internal const double PlanScaleSeconds = 30;

    /// <summary>The platform's swap warm-up limit: 90 s per request, five attempts.</summary>
    internal const double WarmupTimeoutSeconds = 450;

    private const string PingStatusesSetting = "WEBSITE_SWAP_WARMUP_PING_STATUSES";

    internal static ArmResult ApplySlotConfig(SlotModel source, SlotModel target, DateTimeOffset now)
    {
        var site = source.Site;
        if (site.BusyOperationId is not null)
        {
            return ArmResult.Conflict();
        }

        if (ReferenceEquals(source, target))
        {
            return ArmResult.BadRequest("The source and target slots must differ.");
        }

        if (source.PreparedBackup is not null)
        {
            if (string.Equals(source.TargetSwapSlot, target.Name, StringComparison.OrdinalIgnoreCase))
            {
                return ArmResult.Ok(null);
            }

            return ArmResult.Conflict($"Cannot apply configuration from slot '{source.Name}' because this slot has already been prepared for swap with slot '{source.TargetSwapSlot}'.");
        }

        source.PreparedBackup = new Dictionary<string, string>(source.AppSettings, StringComparer.OrdinalIgnoreCase);
        source.AppSettings = WithStickyOf(source.AppSettings, target.AppSettings, site);
        source.TargetSwapSlot = target.Name;
        target.TargetSwapSlot = source.Name;
        source.LastModified = now;
        source.Runtime.Restart(site.Plan.Instances, now);
        return ArmResult.Ok(null);
    }

    internal static ArmResult ResetSlotConfig(SlotModel slot, DateTimeOffset now)
    {
        var site = slot.Site;
        if (site.BusyOperationId is not null)
        {
            return ArmResult.Conflict();
        }

        // Cancelling on either side of a pending preview cancels it (the CLI resets both sides).
        var involved = site.AllSlots
            .Where(s => ReferenceEquals(s, slot) || string.Equals(s.TargetSwapSlot, slot.Name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var s in involved)
        {
            if (s.PreparedBackup is not null)
            {
                s.AppSettings = s.PreparedBackup;
                s.PreparedBackup = null;
                s.LastModified = now;
                s.Runtime.Restart(site.Plan.Instances, now);
            }

            s.TargetSwapSlot = null;
        }

        return ArmResult.Ok(null);
    }

    internal ArmResult BeginSwap(SlotModel source, SlotModel target, LroFault fault, OperationEntry entry, DateTimeOffset now, string baseUrl)
    {
        var site = source.Site;
        if (site.BusyOperationId is not null)
        {
            return ArmResult.Conflict();
        }

        if (ReferenceEquals(source, target))
        {
            return ArmResult.BadRequest("The source and target slots must differ.");
        }

        if (source.PreparedBackup is not null && !string.Equals(source.TargetSwapSlot, target.Name, StringComparison.OrdinalIgnoreCase))
        {
            return ArmResult.Conflict($"Cannot swap slot '{source.Name}' with '{target.Name}' because it has already been prepared for swap with slot '{source.TargetSwapSlot}'.");
        }

        // Step 1: apply the target's sticky settings to the source, which restarts it (skipped when
        // swap with preview already did, or when nothing differs).
        bool restarted = false;
        if (source.PreparedBackup is null && StickyDiffers(site, source, target))
        {
            source.PreparedBackup = new Dictionary<string, string>(source.AppSettings, StringComparer.OrdinalIgnoreCase);
            source.AppSettings = WithStickyOf(source.AppSettings, target.AppSettings, site);
            source.Runtime.Restart(site.Plan.Instances, now);
            restarted = true;
        }

        // Step 4: the platform's warm-up. Without WEBSITE_SWAP_WARMUP_PING_STATUSES any response
        // (a 503 from a starting app included) counts as warm, so the swap goes on at once.
        var build = source.Runtime.Build;
        bool strict = source.AppSettings.TryGetValue(PingStatusesSetting, out string? statuses) && !string.IsNullOrWhiteSpace(statuses);
        var completeAt = now.AddSeconds(SwapSeconds);
        string? failure = fault.Fail ? "The long-running operation failed (injected fault)." : null;
        var readyAts = new List<DateTimeOffset>();
        foreach (var inst in site.Plan.Instances)
        {
            var p = source.Runtime.Process(inst.Id, now);
            var readyAt = p.StartedAt.AddSeconds(build.ColdStartSeconds);
            if (readyAt < now)
            {
                readyAt = now;
            }

            readyAts.Add(readyAt);
            if (strict && !build.FailsWarmup && p.NeedsRequest && p.InitialisedAt is null)
            {
                p.InitialisedAt = readyAt;
            }
            else if (!strict && p.NeedsRequest && p.InitialisedAt is null && !Physics.IsStarting(p, build, now))
            {
                p.InitialisedAt = now;
            }
        }

        if (strict && failure is null)
        {
            var latest = readyAts.Count == 0 ? now : readyAts.Max();
            if (build.FailsWarmup || latest > now.AddSeconds(WarmupTimeoutSeconds))
            {
                failure = "The swap was stopped: application initialization on the source slot took too long or failed (warm-up ping statuses not reached).";
                completeAt = now.AddSeconds(WarmupTimeoutSeconds);
            }
            else
            {
                completeAt = latest.AddSeconds(SwapSeconds);
            }
        }

        completeAt += fault.Delay;
        var lro = NewLro("slotsswap", source.Id.ToString(), now, completeAt, entry);
        site.BusyOperationId = lro.Id;
        site.BusyKind = "slotsswap";
        entry.Detail = string.Create(CultureInfo.InvariantCulture, $"{source.Name} -> {target.Name}{(restarted ? "; source restarted" : string.Empty)}{(strict ? "; warm-up ping statuses " + statuses : string.Empty)}");
        Schedule(completeAt, t =>
        {
            site.BusyOperationId = null;
            site.BusyKind = null;
            if (failure is not null)
            {
                if (restarted && source.PreparedBackup is not null)
                {
                    source.AppSettings = source.PreparedBackup;
                    source.PreparedBackup = null;
                    source.Runtime.Restart(site.Plan.Instances, t);
                }

                Finish(lro, t, "SwapFailed", failure);
                return;
            }

            CompleteSwap(source, target, t);
            Finish(lro, t, null, null);
        });
        return Accepted(lro, baseUrl, null, asyncOperation: false);
    }

    private static void CompleteSwap(SlotModel source, SlotModel target, DateTimeOffset t)
    {
        var site = source.Site;
        var sourceOwnSettings = source.PreparedBackup ?? source.AppSettings;
        var newTarget = WithStickyOf(source.AppSettings, target.AppSettings, site);
        var newSource = WithStickyOf(target.AppSettings, sourceOwnSettings, site);
        (source.Runtime, target.Runtime) = (target.Runtime, source.Runtime);
        source.AppSettings = newSource;
        target.AppSettings = newTarget;
        source.PreparedBackup = null;
        target.PreparedBackup = null;
        source.TargetSwapSlot = null;
        target.TargetSwapSlot = null;
        if (target.IsProduction)
        {
            target.Runtime.ProductionSince = t;
            source.Runtime.ProductionSince = null;
        }

        var status = new SwapSnapshot(t, source.Name, target.Name);
        source.LastSwap = status;
        target.LastSwap = status;
        source.LastModified = t;
        target.LastModified = t;

        // Step 6: the former target's app, now in the source slot, gets the source's settings and restarts.
        source.Runtime.Restart(site.Plan.Instances, t);
    }

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

    internal ArmResult UpdatePlan(PlanModel plan, int? capacity, LroFault fault, OperationEntry entry, DateTimeOffset now, string baseUrl)
    {
        if (plan.BusyOperationId is not null)
        {
            return ArmResult.Conflict("Cannot modify this App Service plan because another operation is in progress.");
        }

        if (capacity is null || capacity == plan.Instances.Count)
        {
            entry.Detail = "capacity unchanged";
            return ArmResult.Ok(ArmJson.Plan(plan));
        }

        if (capacity < 1 || capacity > plan.MaximumNumberOfWorkers)
        {
            return ArmResult.BadRequest(
                string.Create(CultureInfo.InvariantCulture, $"The requested number of workers ({capacity}) must be between 1 and {plan.MaximumNumberOfWorkers} for the {plan.Sku.Tier} tier."),
                "InvalidParameter");
        }

        // The platform enforces (and bills) two instances on zone-redundant plans.
        int target = plan.ZoneRedundant ? Math.Max(2, capacity.Value) : capacity.Value;
        int from = plan.Instances.Count;
        plan.PendingCapacity = target;
        var lro = NewLro("setCapacity", plan.Id.ToString(), now, now.AddSeconds(PlanScaleSeconds) + fault.Delay, entry);
        plan.BusyOperationId = lro.Id;
        entry.Detail = string.Create(CultureInfo.InvariantCulture, $"{from} -> {target}");
        lro.ResultBody = () => ArmJson.Plan(plan);
        Schedule(lro.CompleteAt, t =>
        {
            plan.BusyOperationId = null;
            plan.PendingCapacity = null;
            if (fault.Fail)
            {
                Finish(lro, t, "OperationFailed", "The long-running operation failed (injected fault).");
                return;
            }

            ApplyCapacity(plan, target, t);
            Finish(lro, t, null, null);
        });
        var body = ArmJson.Plan(plan);
        body["sku"]!["capacity"] = target;
        return Accepted(lro, baseUrl, body, asyncOperation: true);
    }

    private void ApplyCapacity(PlanModel plan, int target, DateTimeOffset t)
    {
        if (target > plan.Instances.Count)
        {
            double joinAfter = plan.Sites.Select(s => s.Production.Runtime.Build.ColdStartSeconds).DefaultIfEmpty(0).Max();
            while (plan.Instances.Count < target)
            {
                // New instances are warmed by the platform (applicationInitialization) and join the load balancer once started.
                var inst = NewInstance(plan, t.AddSeconds(joinAfter));
                plan.Instances.Add(inst);
                foreach (var slot in plan.Sites.SelectMany(s => s.AllSlots))
                {
                    slot.Runtime.Processes[inst.Id] = new ProcessState { StartedAt = t, NeedsRequest = false };
                }
            }
        }
        else if (target < plan.Instances.Count)
        {
            BeginDrain(plan, target, t);
        }
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

    internal ArmResult OperationResult(LroModel lro, bool asyncOperation, DateTimeOffset now, string baseUrl)
    {
        if (asyncOperation)
        {
            return new ArmResult(200, ArmJson.Operation(lro), lro.Status == "InProgress" ? RetryHeaders(lro, now) : null);
        }

        return lro.Status switch
        {
            "InProgress" => new ArmResult(202, ArmJson.Operation(lro), new Dictionary<string, string>(RetryHeaders(lro, now)) { ["Location"] = LocationUrl(lro, baseUrl) }),
            "Succeeded" => new ArmResult(200, lro.ResultBody?.Invoke() ?? ArmJson.Operation(lro)),
            _ => new ArmResult(400, ArmJson.Operation(lro)),
        };
    }

    internal ProbeResult? Probe(string host, string? affinity, string? routingName, DateTimeOffset now)
    {
        var slot = FindHost(host);
        if (slot is null)
        {
            return null;
        }

        var site = slot.Site;
        if (slot.IsProduction)
        {
            if (!string.IsNullOrEmpty(routingName))
            {
                slot = string.Equals(routingName, "self", StringComparison.OrdinalIgnoreCase) ? site.Production : site.FindSlot(routingName) ?? site.Production;
            }
            else
            {
                double roll = _random.NextDouble(), acc = 0;
                foreach (var (candidate, share) in site.TrafficShares().Where(kv => !kv.Key.IsProduction))
                {
                    acc += share;
                    if (roll < acc)
                    {
                        slot = candidate;
                        break;
                    }
                }
            }
        }

        var plan = site.Plan;
        var lb = LoadBalanced(plan, now);
        var inst = plan.Instances.FirstOrDefault(i => string.Equals(i.Id, affinity, StringComparison.OrdinalIgnoreCase))
            ?? lb[(int)((uint)_roundRobin++ % (uint)lb.Count)];
        var proc = slot.Runtime.Process(inst.Id, now);
        var build = slot.Runtime.Build;
        long minute = MinuteOf(now);
        int status;
        double latency;
        string body;
        if (Physics.IsStarting(proc, build, now))
        {
            status = 503;
            latency = Physics.ColdLatencyMs;
            body = build.FailsWarmup ? "The application failed to start." : "Service Unavailable: the application is starting.";
        }
        else
        {
            if (proc.NeedsRequest && proc.InitialisedAt is null)
            {
                proc.InitialisedAt = now;
            }

            Demands(plan, minute, out double total);
            double u = total * ShareOf(inst, lb) / plan.RequestsPerInstancePerMinute;
            latency = (build.LatencyMs * Physics.LatencyFactor(u) * (Physics.IsWarming(proc, build, now) ? Physics.WarmingSlowdown : 1))
                + (inst.Queue / (plan.RequestsPerInstancePerMinute / 60) * 1000);
            bool error = _random.NextDouble() < Physics.ErrorRate(build, slot.Runtime.ProductionSince, u, now);
            status = error ? 500 : 200;
            body = error ? "Internal Server Error" : "OK";
        }

        SlotMinuteOf(slot, minute).For(inst.Id).Add(1, status >= 500 ? 1 : 0, latency);
        return new ProbeResult(status, latency, body, inst.Id, slot.Name, build.Version, slot.HostName);
    }

    private LroModel NewLro(string kind, string resourceId, DateTimeOffset now, DateTimeOffset completeAt, OperationEntry entry)
    {
        var lro = new LroModel { Id = entry.Id, Kind = kind, ResourceId = resourceId, StartedAt = now, CompleteAt = completeAt, Entry = entry };
        _lros[lro.Id] = lro;
        return lro;
    }

    private static void Finish(LroModel lro, DateTimeOffset t, string? errorCode, string? errorMessage)
    {
        lro.CompleteAt = t;
        lro.Status = errorCode is null ? "Succeeded" : "Failed";
        lro.ErrorCode = errorCode;
        lro.ErrorMessage = errorMessage;
        lro.Entry.Result = lro.Status;
        lro.Entry.CompletedAt = t;
        if (errorMessage is not null)
        {
            lro.Entry.Detail = (lro.Entry.Detail is null ? string.Empty : lro.Entry.Detail + "; ") + errorMessage;
        }
    }

    private ArmResult Accepted(LroModel lro, string baseUrl, JsonNode? body, bool asyncOperation)
    {
        var headers = new Dictionary<string, string>(RetryHeaders(lro, lro.StartedAt)) { ["Location"] = LocationUrl(lro, baseUrl) };
        if (asyncOperation)
        {
            headers["Azure-AsyncOperation"] = $"{baseUrl}{lro.ResourceId}/operationstatuses/{lro.Id}?api-version={ArmRouter.WebApiVersion}";
        }

        return new ArmResult(202, body, headers);
    }

    private static string LocationUrl(LroModel lro, string baseUrl) =>
        $"{baseUrl}{lro.ResourceId}/operationresults/{lro.Id}?api-version={ArmRouter.WebApiVersion}";

    private Dictionary<string, string> RetryHeaders(LroModel lro, DateTimeOffset now)
    {
        var remaining = _clock.ToReal(lro.CompleteAt > now ? lro.CompleteAt - now : TimeSpan.Zero);
        double ms = Math.Clamp(remaining.TotalMilliseconds, 10, 60000);
        return new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Max(1, (int)Math.Ceiling(ms / 1000)).ToString(CultureInfo.InvariantCulture),
            ["retry-after-ms"] = ((int)Math.Ceiling(ms)).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static bool StickyDiffers(SiteModel site, SlotModel a, SlotModel b) =>
        site.StickyAppSettingNames.Any(n =>
            a.AppSettings.GetValueOrDefault(n) is var x && b.AppSettings.GetValueOrDefault(n) is var y && !string.Equals(x, y, StringComparison.Ordinal));

    /// <summary>The non-sticky settings of <paramref name="content"/> with the sticky settings of <paramref name="stickySource"/>.</summary>
    private static Dictionary<string, string> WithStickyOf(Dictionary<string, string> content, Dictionary<string, string> stickySource, SiteModel site)
    {
        var sticky = new HashSet<string>(site.StickyAppSettingNames, StringComparer.OrdinalIgnoreCase);
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in content)
        {
            if (!sticky.Contains(k))
            {
                result[k] = v;
            }
        }

        foreach (var (k, v) in stickySource)
        {
            if (sticky.Contains(k))
            {
                result[k] = v;
            }
        }

        return result;
    }
}

/// <summary>The answer of a data-plane request.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="LatencyMs">Simulated latency.</param>
/// <param name="Body">Body text.</param>
/// <param name="InstanceId">Instance that answered.</param>
/// <param name="Slot">Slot that answered.</param>
/// <param name="Version">Version of the build that answered.</param>
/// <param name="HostName">Host name of the slot that answered.</param>
internal sealed record ProbeResult(int Status, double LatencyMs, string Body, string InstanceId, string Slot, string Version, string HostName);
