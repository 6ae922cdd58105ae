namespace Seamless.Simulator.Model;

/// <summary>The one door to the internal model: a <see cref="LockedModel"/> exists only while the lock is held.</summary>
public sealed partial class SimulatorState
{
    /// <summary>Runs <paramref name="action"/> under the lock after simulating up to now, with the model's door.</summary>
    internal T Locked<T>(Func<LockedModel, T> action)
    {
        lock (_gate)
        {
            var now = Now;
            AdvanceTo(now);
            return action(new LockedModel(this, now));
        }
    }

    /// <summary>
    /// The internal model (lookups, ARM writes, the data plane, metrics) as seen by a caller holding the lock. It is a
    /// ref struct: it lives on the stack of the callback <see cref="Locked{T}"/> hands it to and can be neither stored,
    /// captured by a lambda nor carried across an <c>await</c>, so nothing reaches the model once the lock is released.
    /// Creating one without the lock throws. The models it returns (<see cref="SiteModel"/>, <see cref="PlanModel"/>,
    /// <see cref="SlotModel"/>, <see cref="LroModel"/>) are for use inside the same callback.
    /// </summary>
    internal readonly ref struct LockedModel
    {
        private readonly SimulatorState _state;

        internal LockedModel(SimulatorState state, DateTimeOffset now)
        {
            if (!state._gate.IsHeldByCurrentThread)
            {
                throw new InvalidOperationException("The simulator's model is reachable only inside SimulatorState.Locked.");
            }

            _state = state;
            Now = now;
        }

        /// <summary>Gets the simulated time the model was brought up to.</summary>
        public DateTimeOffset Now { get; }

        /// <summary>Gets the first minute the metric history holds.</summary>
        public long HistoryStartMinute => _state.HistoryStartMinute;

        /// <summary>Gets the end (exclusive) of the complete simulated minutes.</summary>
        public long CompleteMinutes => _state.CompleteMinutesEnd();

        public SiteModel? FindSite(string subscription, string resourceGroup, string name) => _state._fleet.FindSite(subscription, resourceGroup, name);

        public PlanModel? FindPlan(string subscription, string resourceGroup, string name) => _state._fleet.FindPlan(subscription, resourceGroup, name);

        public IEnumerable<PlanModel> PlansIn(string subscription, string resourceGroup) => _state._fleet.PlansIn(subscription, resourceGroup);

        public IEnumerable<SiteModel> SitesIn(string subscription, string resourceGroup) => _state._fleet.SitesIn(subscription, resourceGroup);

        public LroModel? FindLro(string id) => _state._log.FindLro(id);

        public MetricResource? FindMetricResource(string resourceId) => _state.FindMetricResource(resourceId);

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An instance member on purpose: holding a LockedModel is the proof of the lock.")]
        public MetricStats? StatsOf(MetricResource resource, string metric, List<long> minutes, string? instance) =>
            SimulatorState.StatsOf(resource, metric, minutes, instance);

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An instance member on purpose: holding a LockedModel is the proof of the lock.")]
        public HashSet<string> InstancesOf(MetricResource resource, long first, long end) => SimulatorState.InstancesOf(resource, first, end);

        public void EnsureHistory(PlanModel plan, long first, long end) => _state.EnsureHistory(plan, first, end);

        public ProbeResult? Probe(string host, string? affinity, string? routingName) => _state.Probe(host, affinity, routingName, Now);

        public WriteResult UpdatePlan(PlanModel plan, int? capacity, Faults.LroFault fault, OperationEntry entry) =>
            _state.UpdatePlan(plan, capacity, fault, entry, Now);

        public WriteResult BeginSwap(SlotModel source, SlotModel target, Faults.LroFault fault, OperationEntry entry) =>
            _state.BeginSwap(source, target, fault, entry, Now);

        public WriteResult ApplySlotConfig(SlotModel source, SlotModel target) => SimulatorState.ApplySlotConfig(source, target, Now);

        public WriteResult ResetSlotConfig(SlotModel slot) => SimulatorState.ResetSlotConfig(slot, Now);

        public WriteResult UpdateWebConfig(SlotModel slot, WebConfigUpdate update, OperationEntry entry) =>
            SimulatorState.UpdateWebConfig(slot, update, entry, Now);

        public WriteResult RestartSlot(SlotModel slot) => SimulatorState.RestartSlot(slot, Now);

        public WriteResult UpdateAppSettings(SlotModel slot, Dictionary<string, string> settings) => SimulatorState.UpdateAppSettings(slot, settings, Now);

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An instance member on purpose: holding a LockedModel is the proof of the lock.")]
        public WriteResult UpdateSlotConfigNames(SiteModel site, IReadOnlyList<string>? appSettingNames, IReadOnlyList<string>? connectionStringNames) =>
            SimulatorState.UpdateSlotConfigNames(site, appSettingNames, connectionStringNames);
    }
}
