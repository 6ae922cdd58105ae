using System.Globalization;
using Seamless.Simulator.Faults;

namespace Seamless.Simulator.Model;

/// <summary>Slot swaps as the platform runs them: swap with preview (applySlotConfig / resetSlotConfig) and slotsswap, with sticky settings and the warm-up. Every method here runs under the lock (via <see cref="Locked{T}"/>).</summary>
public sealed partial class SimulatorState
{
    /// <summary>Simulated seconds a swap takes once its source is warm (routing switch, settings).</summary>
    internal const double SwapSeconds = 15;

    /// <summary>The platform's swap warm-up limit: 90 s per request, five attempts.</summary>
    internal const double WarmupTimeoutSeconds = 450;

    private const string PingStatusesSetting = "WEBSITE_SWAP_WARMUP_PING_STATUSES";

    private static WriteResult ApplySlotConfig(SlotModel source, SlotModel target, DateTimeOffset now)
    {
        var site = source.Site;
        if (site.BusyOperationId is not null)
        {
            return WriteResult.Conflict();
        }

        if (ReferenceEquals(source, target))
        {
            return WriteResult.Invalid("The source and target slots must differ.");
        }

        if (source.PreparedBackup is not null)
        {
            if (string.Equals(source.TargetSwapSlot, target.Name, StringComparison.OrdinalIgnoreCase))
            {
                return WriteResult.Done;
            }

            return WriteResult.Conflict($"Cannot apply configuration from slot '{source.Name}' because this slot has already been prepared for swap with slot '{source.TargetSwapSlot}'.");
        }

        source.PreparedBackup = new Dictionary<string, string>(source.AppSettings, StringComparer.OrdinalIgnoreCase);
        source.AppSettings = WithStickyOf(source.AppSettings, target.AppSettings, site);
        source.TargetSwapSlot = target.Name;
        target.TargetSwapSlot = source.Name;
        source.LastModified = now;
        source.Runtime.Restart(site.Plan.Instances, now);
        return WriteResult.Done;
    }

    private static WriteResult ResetSlotConfig(SlotModel slot, DateTimeOffset now)
    {
        var site = slot.Site;
        if (site.BusyOperationId is not null)
        {
            return WriteResult.Conflict();
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

        return WriteResult.Done;
    }

    private WriteResult BeginSwap(SlotModel source, SlotModel target, LroFault fault, OperationEntry entry, DateTimeOffset now)
    {
        var site = source.Site;
        if (site.BusyOperationId is not null)
        {
            return WriteResult.Conflict();
        }

        if (ReferenceEquals(source, target))
        {
            return WriteResult.Invalid("The source and target slots must differ.");
        }

        if (source.PreparedBackup is not null && !string.Equals(source.TargetSwapSlot, target.Name, StringComparison.OrdinalIgnoreCase))
        {
            return WriteResult.Conflict($"Cannot swap slot '{source.Name}' with '{target.Name}' because it has already been prepared for swap with slot '{source.TargetSwapSlot}'.");
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
        var lro = _log.StartLro("slotsswap", source.Id.ToString(), now, completeAt, entry);
        site.BusyOperationId = lro.Id;
        site.BusyKind = "slotsswap";
        entry.Detail = string.Create(CultureInfo.InvariantCulture, $"{source.Name} -> {target.Name}{(restarted ? "; source restarted" : string.Empty)}{(strict ? "; warm-up ping statuses " + statuses : string.Empty)}");
        ScheduleCompletion(lro, fault, completeAt, t =>
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

                OperationLog.Finish(lro, t, "SwapFailed", failure);
                return;
            }

            CompleteSwap(source, target, t);
            OperationLog.Finish(lro, t, null, null);
        });
        return WriteResult.Started(lro);
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
