namespace Seamless.Simulator.Model;

/// <summary>The data plane: one request to a slot's host name, routed as the front end and the load balancer do. Every method here runs under the lock (via <see cref="Locked{T}"/>).</summary>
public sealed partial class SimulatorState
{
    private ProbeResult? Probe(string host, string? affinity, string? routingName, DateTimeOffset now)
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

        slot.MinuteBucket(minute).For(inst.Id).Add(1, status >= 500 ? 1 : 0, latency);
        return new ProbeResult(status, latency, body, inst.Id, slot.Name, build.Version, slot.HostName);
    }
}
