namespace Seamless.Simulator.Model;

/// <summary>Snapshots of the fleet for the control API and tests.</summary>
public sealed partial class SimulatorState
{
    private PlanSnapshot SnapshotPlan(PlanModel plan, DateTimeOffset now)
    {
        var lb = LoadBalanced(plan, now);
        Demands(plan, MinuteOf(now), out double total);
        double util = total / (lb.Count * plan.RequestsPerInstancePerMinute);
        return new PlanSnapshot(
            plan.Id.ToString(),
            plan.Name,
            plan.Region,
            plan.Sku.Name,
            plan.Instances.Count,
            plan.PendingCapacity,
            plan.ZoneRedundant,
            plan.MaximumNumberOfWorkers,
            plan.RequestsPerInstancePerMinute,
            Math.Round(util, 4),
            plan.Instances.Select(i => new InstanceSnapshot(i.Id, i.InLoadBalancerFrom <= now, Math.Round(i.Queue, 3))).ToList(),
            plan.Sites.Select(s => SnapshotSite(s, now) with { Drain = DrainSnapshot(s, now) }).ToList())
        {
            Draining = [.. _draining.Where(d => d.PlanId == plan.Id.ToString()).Select(d => d.InstanceId)],
        };
    }

    private static SiteSnapshot SnapshotSite(SiteModel site, DateTimeOffset now)
    {
        var shares = site.TrafficShares();
        return new SiteSnapshot(
            site.Id.ToString(),
            site.Name,
            Math.Round(site.Load.RequestsPerMinute(MinuteOf(now)), 3),
            [.. site.StickyAppSettingNames],
            shares.Where(kv => !kv.Key.IsProduction).ToDictionary(kv => kv.Key.Name, kv => Math.Round(kv.Value * 100, 3)),
            site.BusyKind,
            site.AllSlots.Select(slot => new SlotSnapshot(
                slot.Name,
                slot.Id.ToString(),
                slot.HostName,
                slot.Runtime.Build.Version,
                slot.TargetSwapSlot,
                slot.LastSwap,
                [.. slot.AppSettings.Keys.Order(StringComparer.Ordinal)],
                site.Plan.Instances.Select(i => SnapshotProcess(slot, i, now)).ToList())).ToList());
    }

    private static SlotInstanceSnapshot SnapshotProcess(SlotModel slot, InstanceModel instance, DateTimeOffset now)
    {
        var p = slot.Runtime.Process(instance.Id, now);
        var build = slot.Runtime.Build;
        string state = build.FailsWarmup ? "failed"
            : Physics.IsStarting(p, build, now) ? "starting"
            : !Physics.IsReady(p, build, now) ? "waiting-for-request"
            : Physics.IsWarming(p, build, now) ? "warming"
            : "warm";
        return new SlotInstanceSnapshot(instance.Id, state, Physics.IsReady(p, build, now), p.StartedAt);
    }
}
