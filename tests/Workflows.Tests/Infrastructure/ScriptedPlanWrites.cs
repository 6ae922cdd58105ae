using Seamless.Core.Model;
using Seamless.Workflows.Activities;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Tests.Infrastructure;

/// <summary>
/// What an orchestrator under a scripted context writes to a plan: the capacities it sets and the journal entries it
/// appends (shared by the scripted scale-in and scale-out tests; the plan reads back the capacity last set).
/// </summary>
/// <param name="planId">The plan's resource id.</param>
/// <param name="capacity">The capacity before the run.</param>
internal sealed class ScriptedPlanWrites(string planId, int capacity)
{
    /// <summary>Gets the plan's capacity now.</summary>
    public int Capacity { get; private set; } = capacity;

    /// <summary>Gets every capacity set, in order.</summary>
    public List<int> Capacities { get; } = [];

    /// <summary>Gets the journal: entries given before the run and those appended by it.</summary>
    public List<JournalEntry> Journal { get; } = [];

    /// <summary>The plan as GetPlan reads it.</summary>
    public PlanState State() => new(planId, "West Europe", "P1v3", "PremiumV3", Capacity, false, 30, "Succeeded");

    /// <summary>Gets or sets a capacity someone else sets just before the run's next write reaches the plan (then it is cleared).</summary>
    public int? ExternalBeforeWrite { get; set; }

    /// <summary>Answers SetPlanCapacity as the adapter does: nothing is written when the plan has neither the target nor the capacity the change was decided on.</summary>
    public PlanState Set(CapacityRequest request)
    {
        if (ExternalBeforeWrite is { } external)
        {
            ExternalBeforeWrite = null;
            External(external);
        }

        if (Capacity != request.Capacity && request.Expected is { } expected && Capacity != expected)
        {
            return State();
        }

        Capacity = request.Capacity;
        Capacities.Add(request.Capacity);
        return State();
    }

    /// <summary>
    /// The plan's metrics over a request's window as a quiet plan reports them: every minute at <paramref name="cpu"/> % CPU,
    /// 40 % memory and nothing queued, and each instance now at 30 % CPU.
    /// </summary>
    public PlanMetrics Metrics(PlanMetricsRequest request, double cpu)
    {
        var minutes = new List<PlanMinute>();
        for (var t = request.From; t < request.To; t = t.AddMinutes(1))
        {
            minutes.Add(new PlanMinute(t, cpu, 40, 0));
        }

        var instances = Enumerable.Range(0, Capacity).Select(i => new InstanceCpuSeries($"in{i}", [.. minutes.Select(_ => (double?)30)])).ToList();
        return new PlanMetrics(minutes, instances);
    }

    /// <summary>Someone else sets the capacity (the alert fast path, an operator): not one of the run's writes.</summary>
    public void External(int capacity) => Capacity = capacity;

    /// <summary>Answers AppendJournal.</summary>
    public bool Append(JournalEntry entry)
    {
        Journal.Add(entry);
        return true;
    }
}
