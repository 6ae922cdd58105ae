using System.Globalization;
using Seamless.Simulator.Faults;

namespace Seamless.Simulator.Model;

/// <summary>Plan capacity changes: scale-out adds warmed instances, scale-in drains the ones the platform picks. Every method here runs under the lock (via <see cref="Locked{T}"/>).</summary>
public sealed partial class SimulatorState
{
    /// <summary>Simulated seconds a plan capacity change takes.</summary>
    internal const double PlanScaleSeconds = 30;

    private WriteResult UpdatePlan(PlanModel plan, int? capacity, LroFault fault, OperationEntry entry, DateTimeOffset now)
    {
        if (plan.BusyOperationId is not null)
        {
            return WriteResult.Conflict("Cannot modify this App Service plan because another operation is in progress.");
        }

        if (capacity is null || capacity == plan.Instances.Count)
        {
            entry.Detail = "capacity unchanged";
            return WriteResult.Done;
        }

        if (capacity < 1 || capacity > plan.MaximumNumberOfWorkers)
        {
            return WriteResult.Invalid(
                string.Create(CultureInfo.InvariantCulture, $"The requested number of workers ({capacity}) must be between 1 and {plan.MaximumNumberOfWorkers} for the {plan.Sku.Tier} tier."),
                "InvalidParameter");
        }

        // The platform enforces (and bills) two instances on zone-redundant plans.
        int target = plan.ZoneRedundant ? Math.Max(2, capacity.Value) : capacity.Value;
        int from = plan.Instances.Count;
        plan.PendingCapacity = target;
        var lro = _log.StartLro("setCapacity", plan.Id.ToString(), now, now.AddSeconds(PlanScaleSeconds) + fault.Delay, entry, plan);
        plan.BusyOperationId = lro.Id;
        entry.Detail = string.Create(CultureInfo.InvariantCulture, $"{from} -> {target}");
        ScheduleCompletion(lro, fault, lro.CompleteAt, t =>
        {
            plan.BusyOperationId = null;
            plan.PendingCapacity = null;
            if (fault.Fail)
            {
                OperationLog.Finish(lro, t, "OperationFailed", "The long-running operation failed (injected fault).");
                return;
            }

            ApplyCapacity(plan, target, t);
            OperationLog.Finish(lro, t, null, null);
        });
        return WriteResult.Started(lro);
    }

    private void ApplyCapacity(PlanModel plan, int target, DateTimeOffset t)
    {
        if (target > plan.Instances.Count)
        {
            double joinAfter = plan.Sites.Select(s => s.Production.Runtime.Build.ColdStartSeconds).DefaultIfEmpty(0).Max();
            while (plan.Instances.Count < target)
            {
                // New instances are warmed by the platform (applicationInitialization) and join the load balancer once started.
                var inst = FleetBuilder.NewInstance(plan, _seed, t.AddSeconds(joinAfter));
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
}
