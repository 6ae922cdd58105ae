using System.Globalization;
using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Model;

/// <summary>
/// Scale-in as the platform does it: the platform picks the removed instance(s) (deterministic from the seed),
/// takes them out of the load balancer at once and lets them drain for <see cref="DrainSettings.DrainSeconds"/>;
/// requests still running then fail and sessions pinned to them by ARR affinity are lost. Also each site's
/// request-duration distribution (a share of long requests), its sessions and its application queue.
/// Every method runs under the lock.
/// </summary>
public sealed partial class SimulatorState
{
    private readonly List<DrainingInstance> _draining = [];
    private long _drains;

    /// <summary>Gets how the platform drains removed instances and how sessions are modelled.</summary>
    internal DrainSettings DrainSettings { get; set; } = new();

    /// <summary>Gets the instances draining now.</summary>
    public IReadOnlyList<DrainingInstance> Draining
    {
        get
        {
            lock (_gate)
            {
                AdvanceTo(Now);
                return [.. _draining];
            }
        }
    }

    /// <summary>Changes a site's ARR affinity and request-duration distribution (null leaves a value as it is).</summary>
    /// <param name="siteName">The site.</param>
    /// <param name="clientAffinityEnabled">ARR affinity (<c>clientAffinityEnabled</c>).</param>
    /// <param name="longRequestShare">Share of long requests (0-1).</param>
    /// <param name="longRequestSeconds">Duration of a long request.</param>
    public void SetRequestProfile(string siteName, bool? clientAffinityEnabled, double? longRequestShare = null, double? longRequestSeconds = null)
    {
        lock (_gate)
        {
            var now = Now;
            AdvanceTo(now);
            var site = RequireSite(siteName);
            site.Drain.AffinityEnabled = clientAffinityEnabled ?? site.Drain.AffinityEnabled;
            site.Drain.LongRequestShare = Math.Clamp(longRequestShare ?? site.Drain.LongRequestShare, 0, 1);
            site.Drain.LongRequestSeconds = Math.Max(0, longRequestSeconds ?? site.Drain.LongRequestSeconds);
            Log("setRequestProfile", site.Id.ToString(), now, "Succeeded", 200, string.Create(
                CultureInfo.InvariantCulture,
                $"affinity {site.Drain.AffinityEnabled}, {site.Drain.LongRequestShare:P1} long requests of {site.Drain.LongRequestSeconds:0.#} s"));
        }
    }

    private SiteDrainSnapshot DrainSnapshot(SiteModel site, DateTimeOffset now)
    {
        var d = site.Drain;
        double sessions = d.AffinityEnabled ? site.Plan.Instances.Sum(i => d.SessionsOn(i.Id, now, DrainSettings.SessionLifetimeMinutes)) : 0;
        return new SiteDrainSnapshot(d.AffinityEnabled, d.LongRequestShare, d.LongRequestSeconds, Math.Round(sessions, 3), Math.Round(d.FailedByScaleIn, 3), Math.Round(d.SessionsLost, 3));
    }

    /// <summary>
    /// Removes instances down to <paramref name="target"/>: the platform picks them, they leave the load balancer
    /// now and the plan when the drain ends; what is still running on them then fails.
    /// </summary>
    private void BeginDrain(PlanModel plan, int target, DateTimeOffset t)
    {
        long drain = ++_drains;
        var lb = LoadBalanced(plan, t);
        var removed = plan.Instances
            .OrderBy(i => Noise.HexId(_seed, string.Create(CultureInfo.InvariantCulture, $"{plan.Id}#drain#{drain}#{i.Id}")), StringComparer.Ordinal)
            .Take(plan.Instances.Count - target)
            .ToList();
        long minute = MinuteOf(t);
        var until = t.AddSeconds(DrainSettings.DrainSeconds);
        foreach (var inst in removed)
        {
            plan.Instances.Remove(inst);
            double share = ShareOf(inst, lb);
            var record = new DrainingInstance(plan.Id.ToString(), inst.Id, t, until);
            _draining.Add(record);

            // Fluid model: requests arrive at a steady rate, so those in flight at the drain's start that are still running
            // when it ends are the ones that started in the last (duration − drain) seconds before it began.
            var failing = plan.Sites.ToDictionary(
                s => s,
                s => s.Load.RequestsPerMinute(minute) * share / 60 * s.Drain.LongRequestShare * Math.Max(0, s.Drain.LongRequestSeconds - DrainSettings.DrainSeconds));
            Schedule(until, end => EndDrain(plan, inst, record, failing, end));
        }
    }

    private void EndDrain(PlanModel plan, InstanceModel inst, DrainingInstance record, Dictionary<SiteModel, double> failing, DateTimeOffset end)
    {
        _draining.Remove(record);
        foreach (var site in plan.Sites)
        {
            double failed = failing.GetValueOrDefault(site);
            if (failed > 0)
            {
                site.Drain.FailedByScaleIn += failed;
                var bucket = site.Production.MinuteBucket(MinuteOf(end));
                bucket.For(inst.Id).Failed += failed;
                bucket.UserFailed += failed;
            }

            if (site.Drain.AffinityEnabled)
            {
                // Sessions pinned to the instance and still alive when it leaves lose their server-side state.
                site.Drain.SessionsLost += site.Drain.SessionsOn(inst.Id, end, DrainSettings.SessionLifetimeMinutes);
            }

            site.Drain.SessionStarts.Remove(inst.Id);
            foreach (var slot in site.AllSlots)
            {
                slot.Runtime.Processes.Remove(inst.Id);
            }
        }
    }

    /// <summary>Sessions started and the application queue of each site over one step (after the plan's step).</summary>
    private void DrainStep(PlanModel plan, DateTimeOffset t0, double dt, long minute)
    {
        if (plan.Instances.Count == 0)
        {
            return;
        }

        var lb = LoadBalanced(plan, t0);
        double total = plan.Sites.Sum(s => s.Load.RequestsPerMinute(minute));
        foreach (var site in plan.Sites)
        {
            var d = site.Drain;
            double rpm = site.Load.RequestsPerMinute(minute);
            if (!d.QueueMinutes.TryGetValue(minute, out var queue))
            {
                queue = new Dictionary<string, GaugeAcc>(StringComparer.Ordinal);
                d.QueueMinutes[minute] = queue;
            }

            foreach (var inst in plan.Instances)
            {
                if (!queue.TryGetValue(inst.Id, out var gauge))
                {
                    gauge = new GaugeAcc();
                    queue[inst.Id] = gauge;
                }

                gauge.Add(total > 0 ? inst.Queue * rpm / total : 0, dt);
                if (!d.AffinityEnabled)
                {
                    continue;
                }

                double started = rpm * ShareOf(inst, lb) * dt / 60 / DrainSettings.RequestsPerSession;
                if (started > 0)
                {
                    if (!d.SessionStarts.TryGetValue(inst.Id, out var starts))
                    {
                        starts = [];
                        d.SessionStarts[inst.Id] = starts;
                    }

                    starts[minute] = starts.GetValueOrDefault(minute) + started;
                    if (starts.Count > DrainSettings.SessionLifetimeMinutes + 5)
                    {
                        long keep = minute - (long)Math.Ceiling(DrainSettings.SessionLifetimeMinutes) - 1;
                        foreach (long old in starts.Keys.Where(k => k < keep).ToList())
                        {
                            starts.Remove(old);
                        }
                    }
                }
            }
        }
    }

    /// <summary><c>RequestsInApplicationQueue</c> of a slot: the site's share of each instance's queue (0 where nothing was queued).</summary>
    private static MetricStats? QueueStats(SlotModel slot, List<long> minutes, string? instance)
    {
        if (minutes.Count == 0)
        {
            return null;
        }

        var values = new List<double>(minutes.Count);
        foreach (long m in minutes)
        {
            var gauges = slot.IsProduction ? slot.Site.Drain.QueueMinutes.GetValueOrDefault(m) : null;
            var selected = gauges?.Where(g => instance is null || string.Equals(g.Key, instance, StringComparison.Ordinal)).Select(g => g.Value.Average).ToList() ?? [];
            values.Add(selected.Count > 0 ? Round(selected.Average()) : 0);
        }

        return new MetricStats(Round(values.Average()), values.Min(), values.Max(), Round(values.Sum()), values.Count);
    }
}
