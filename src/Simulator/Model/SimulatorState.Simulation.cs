namespace Seamless.Simulator.Model;

/// <summary>Moving the simulation on: the live step of each plan and the history minutes before the start (both through <see cref="PlanPhysics"/>).</summary>
public sealed partial class SimulatorState
{
    private readonly Dictionary<PlanModel, List<InstanceModel>> _historyInstances = [];

    private long CompleteMinutesEnd() => MinuteOf(_schedule.SimulatedUntil);

    private void AdvanceTo(DateTimeOffset target) => _schedule.AdvanceTo(target, Simulate);

    private void Simulate(DateTimeOffset t0, DateTimeOffset t1)
    {
        double dt = (t1 - t0).TotalSeconds;
        if (dt <= 0)
        {
            return;
        }

        long minute = MinuteOf(t0);
        foreach (var plan in _fleet.Plans)
        {
            StepPlan(plan, t0, dt, minute);
            DrainStep(plan, t0, dt, minute);
        }
    }

    private static List<(SlotModel Slot, SlotRuntime Runtime, double Rpm)> Demands(PlanModel plan, long minute, out double total)
    {
        var demands = new List<(SlotModel, SlotRuntime, double)>();
        total = 0;
        foreach (var site in plan.Sites)
        {
            double rpm = site.Load.RequestsPerMinute(minute);
            foreach (var (slot, share) in site.TrafficShares())
            {
                demands.Add((slot, slot.Runtime, rpm * share));
                total += rpm * share;
            }
        }

        return demands;
    }

    private static List<InstanceModel> LoadBalanced(PlanModel plan, DateTimeOffset t)
    {
        var lb = plan.Instances.Where(i => i.InLoadBalancerFrom <= t).ToList();
        return lb.Count > 0 ? lb : [.. plan.Instances];
    }

    /// <summary>Share of the plan's traffic per minute that instance <paramref name="i"/> gets, over the load-balanced set.</summary>
    private static double ShareOf(InstanceModel i, List<InstanceModel> lb)
    {
        if (!lb.Contains(i))
        {
            return 0;
        }

        double sum = lb.Sum(x => x.Weight);
        return i.Weight / sum;
    }

    private static int ProcessesPerInstance(PlanModel plan) => plan.Sites.Sum(s => 1 + s.Slots.Count);

    /// <summary>One live step of a plan: the fleet as it is now.</summary>
    private void StepPlan(PlanModel plan, DateTimeOffset t0, double dt, long minute)
    {
        var demands = Demands(plan, minute, out double total);
        var runtimes = plan.Sites.SelectMany(s => s.AllSlots).Select(s => s.Runtime).ToList();
        var step = new PlanStep(plan.Instances, LoadBalanced(plan, t0), runtimes, demands, total, ProcessesPerInstance(plan));
        PlanPhysics.Run(plan, step, t0, dt, minute, _seed);
    }

    /// <summary>
    /// Computes a history minute (before the start): the live physics over the initial fleet in steady state
    /// (every instance load-balanced, every app warm and in production for a month, queues at their fixed point).
    /// </summary>
    private void EnsureMinute(PlanModel plan, long minute)
    {
        if (minute >= _startMinute || minute < _startMinute - HistoryMinutes || plan.Minutes.ContainsKey(minute))
        {
            return;
        }

        PlanPhysics.RunHistoryMinute(plan, HistoryStep(plan, minute), minute, _seed);
    }

    /// <summary>
    /// The copies of a plan's initial instances the history minutes run over (the live instances keep their queues).
    /// Made once per plan: each history minute sets their queues to the fixed point first, and the noise keys they
    /// hash once serve every minute.
    /// </summary>
    private List<InstanceModel> HistoryInstances(PlanModel plan)
    {
        if (!_historyInstances.TryGetValue(plan, out var instances))
        {
            instances = [.. _fleet.InitialInstances[plan].Select(i => new InstanceModel { Id = i.Id, Weight = i.Weight, InLoadBalancerFrom = Start })];
            _historyInstances[plan] = instances;
        }

        return instances;
    }

    /// <summary>The steady-state initial fleet of a plan at a history minute (over <see cref="HistoryInstances"/>).</summary>
    private PlanStep HistoryStep(PlanModel plan, long minute)
    {
        var t = FromMinute(minute);
        var since = t.AddDays(-30);
        var instances = HistoryInstances(plan);
        foreach (var inst in instances)
        {
            inst.InLoadBalancerFrom = since;
        }

        var demands = new List<(SlotModel, SlotRuntime, double)>();
        double total = 0;
        foreach (var site in plan.Sites)
        {
            var (build, load) = _fleet.InitialSites[site];
            var runtime = new SlotRuntime { Build = build, DeployedAt = since, ProductionSince = since };
            foreach (var inst in instances)
            {
                runtime.Processes[inst.Id] = new ProcessState { StartedAt = since, NeedsRequest = false };
            }

            double rpm = load.RequestsPerMinute(minute);
            demands.Add((site.Production, runtime, rpm));
            total += rpm;
        }

        return new PlanStep(instances, instances, [.. demands.Select(d => d.Item2)], demands, total, ProcessesPerInstance(plan));
    }
}
