namespace Seamless.Simulator.Model;

/// <summary>
/// One simulated step of one plan's instances: queueing, the CPU, memory and queue gauges, and every slot's
/// requests. Written once: the live simulation runs it over the fleet as it is, the history before the start runs
/// it over the initial fleet in steady state (warm processes, queues at their fixed point).
/// </summary>
internal static class PlanPhysics
{
    /// <summary>
    /// Simulates [<paramref name="t0"/>, <paramref name="t0"/> + <paramref name="dt"/>) of <paramref name="step"/>
    /// into the minute <paramref name="minute"/>'s buckets (queues on the instances move on; processes that needed a
    /// request are initialised by the first one).
    /// </summary>
    public static void Run(PlanModel plan, PlanStep step, DateTimeOffset t0, double dt, long minute, int seed)
    {
        if (step.Instances.Count == 0)
        {
            return;
        }

        double cap = plan.RequestsPerInstancePerMinute;
        if (!plan.Minutes.TryGetValue(minute, out var pm))
        {
            pm = new PlanMinute();
            plan.Minutes[minute] = pm;
        }

        long tick = (long)Math.Floor(t0.ToUnixTimeMilliseconds() / (SimulatorState.StepSeconds * 1000));
        double weightSum = step.LoadBalanced.Sum(x => x.Weight);
        foreach (var inst in step.Instances)
        {
            double share = step.LoadBalanced.Contains(inst) ? inst.Weight / weightSum : 0;
            double arrivalsPerMinute = step.TotalRpm * share;
            double u = arrivalsPerMinute / cap;
            double arrivals = arrivalsPerMinute * dt / 60, service = cap * dt / 60;
            double q = Math.Max(0, inst.Queue + arrivals - service);
            double qCap = cap / 60 * Physics.MaxQueueSeconds;
            double dropped = Math.Max(0, q - qCap);
            q = Math.Min(q, qCap);
            inst.Queue = q;
            double dropFraction = arrivals > 0 ? Math.Min(1, dropped / arrivals) : 0;
            double queueDelayMs = q / (cap / 60) * 1000;
            double factor = Physics.LatencyFactor(u);

            int starting = step.Runtimes.Count(r => Physics.IsStarting(r.Process(inst.Id, t0), r.Build, t0) && !r.Build.FailsWarmup);
            var acc = pm.For(inst.Id);
            acc.Cpu.Add(Physics.Cpu(u, starting, Noise.Signed(seed, inst.CpuNoiseKey, tick)), dt);
            acc.Memory.Add(Physics.Memory(u, step.Processes, Noise.Signed(seed, inst.MemoryNoiseKey, tick)), dt);
            acc.Queue.Add(q + Physics.PressureQueue(u), dt);

            foreach (var (slot, runtime, rpm) in step.Demands)
            {
                double r = rpm * share * dt / 60;
                if (r <= 0)
                {
                    continue;
                }

                var bucket = slot.MinuteBucket(minute);
                var proc = runtime.Process(inst.Id, t0);
                var build = runtime.Build;
                if (Physics.IsStarting(proc, build, t0))
                {
                    bucket.For(inst.Id).Add(r, r, Physics.ColdLatencyMs);
                    bucket.AddUser(r, r, Physics.ColdLatencyMs);
                    continue;
                }

                if (proc.NeedsRequest && proc.InitialisedAt is null)
                {
                    proc.InitialisedAt = t0;
                }

                double latency = (build.LatencyMs * factor * (Physics.IsWarming(proc, build, t0) ? Physics.WarmingSlowdown : 1)) + queueDelayMs;
                double served = r * (1 - dropFraction), drop = r * dropFraction;
                double errors = served * Physics.ErrorRate(build, runtime.ProductionSince, u, t0);
                RecordServed(bucket, slot.Site.Drain, inst.Id, r, served, errors, drop, latency, dropFraction);
                bucket.AddUser(drop, drop, Physics.DroppedLatencyMs);
            }
        }
    }

    /// <summary>
    /// Simulates a whole minute of a steady-state <paramref name="step"/> (the history before the start): each
    /// instance's queue starts at its fixed point (full when overloaded, else empty), then the live steps run.
    /// </summary>
    public static void RunHistoryMinute(PlanModel plan, PlanStep step, long minute, int seed)
    {
        double cap = plan.RequestsPerInstancePerMinute;
        double weightSum = step.LoadBalanced.Sum(i => i.Weight);
        foreach (var inst in step.Instances)
        {
            double u = step.TotalRpm * (inst.Weight / weightSum) / cap;
            inst.Queue = u > 1 ? cap / 60 * Physics.MaxQueueSeconds : 0;
        }

        var t = SimulatorState.FromMinute(minute);
        for (int k = 0; k < 60 / SimulatorState.StepSeconds; k++)
        {
            Run(plan, step, t.AddSeconds(k * SimulatorState.StepSeconds), SimulatorState.StepSeconds, minute, seed);
        }
    }

    /// <summary>Records served and dropped requests of one slot on one instance, splitting off the site's long requests.</summary>
    private static void RecordServed(SlotMinute bucket, SiteDrainState drain, string instanceId, double requests, double served, double errors, double drop, double latency, double dropFraction)
    {
        double share = drain.LongRequestSeconds > 0 ? drain.LongRequestShare : 0;
        double longMs = drain.LongRequestSeconds * 1000;
        double dropped = Physics.DroppedLatencyMs * dropFraction;
        var acc = bucket.For(instanceId);
        acc.Add(requests * (1 - share), (errors + drop) * (1 - share), (latency * (1 - dropFraction)) + dropped);
        bucket.AddUser(served * (1 - share), errors * (1 - share), latency);
        if (share > 0)
        {
            acc.Add(requests * share, (errors + drop) * share, (longMs * (1 - dropFraction)) + dropped);
            bucket.AddUser(served * share, errors * share, longMs);
        }
    }
}

/// <summary>What one step of a plan runs over: its instances, the load-balanced ones, its apps and their demand.</summary>
/// <param name="Instances">The plan's instances (queues move on).</param>
/// <param name="LoadBalanced">The instances that get traffic.</param>
/// <param name="Runtimes">Every app on the plan (starting ones cost CPU).</param>
/// <param name="Demands">Requests per minute of each slot, with the runtime that serves them.</param>
/// <param name="TotalRpm">The plan's total demand.</param>
/// <param name="Processes">App processes per instance (memory).</param>
internal sealed record PlanStep(
    IReadOnlyList<InstanceModel> Instances,
    List<InstanceModel> LoadBalanced,
    IReadOnlyList<SlotRuntime> Runtimes,
    IReadOnlyList<(SlotModel Slot, SlotRuntime Runtime, double Rpm)> Demands,
    double TotalRpm,
    int Processes);
