using System.Globalization;
using Seamless.Core.Resources;
using Seamless.Core.Time;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Http;

namespace Seamless.Simulator.Model;

/// <summary>
/// The simulated fleet and everything that happens to it: load, instances, app processes, metric
/// buckets, the operation log and injected faults. Time only moves forward: every call first
/// simulates from where it left off up to the clock's now (steps of at most ten simulated seconds,
/// split at minute boundaries and scheduled events), so results do not depend on how often anyone
/// looks. Thread-safe: one lock guards all state.
/// </summary>
public sealed partial class SimulatorState
{
    /// <summary>Longest simulated step.</summary>
    internal const double StepSeconds = 10;

    /// <summary>Minutes of history before the start that metrics can return (computed lazily from the initial fleet).</summary>
    internal const int HistoryMinutes = 8 * 24 * 60;

    private readonly Lock _gate = new();
    private readonly ScaledTimeProvider _clock;
    private readonly int _seed;
    private readonly Random _random;
    private readonly List<PlanModel> _plans = [];
    private readonly Dictionary<string, SiteModel> _sites = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SlotModel> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<SiteModel, (BuildSpec Build, LoadModel Load)> _initialSites = [];
    private readonly Dictionary<PlanModel, List<InstanceModel>> _initialInstances = [];
    private readonly List<OperationEntry> _operations = [];
    private readonly Dictionary<string, LroModel> _lros = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(DateTimeOffset At, Action<DateTimeOffset> Fire)> _events = [];
    private readonly FaultInjector _faults;
    private readonly long _startMinute;
    private DateTimeOffset _simulatedUntil;
    private int _roundRobin;
    private long _nextOperation;

    internal SimulatorState(FleetSpec fleet, ScaledTimeProvider clock, int seed, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _seed = seed;
        _random = new Random(seed);
        _faults = new FaultInjector(_random);
        Start = clock.SimulatedAnchor;
        _simulatedUntil = Start;
        _startMinute = MinuteOf(Start);
        Build(fleet, baseDirectory);
    }

    /// <summary>Gets the simulated start (a minute boundary).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Gets the simulated time now.</summary>
    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Gets the simulated clock.</summary>
    public TimeProvider Clock => _clock;

    /// <summary>Gets simulated seconds per real second.</summary>
    public double TimeScale => _clock.Scale;

    /// <summary>Gets every write operation (and faulted call) received, oldest first.</summary>
    public IReadOnlyList<SimOperation> Operations
    {
        get
        {
            lock (_gate)
            {
                AdvanceTo(Now);
                return _operations.Select(o => o.ToRecord()).ToList();
            }
        }
    }

    /// <summary>Gets the active fault rules (with remaining counts).</summary>
    public IReadOnlyList<FaultSpec> Faults
    {
        get
        {
            lock (_gate)
            {
                return _faults.Active;
            }
        }
    }

    /// <summary>Returns the ARM id of a site ("production" or null) or one of its slots.</summary>
    public string SiteId(string siteName, string? slot = null)
    {
        lock (_gate)
        {
            return RequireSite(siteName).Id.WithSlot(slot).ToString();
        }
    }

    /// <summary>Returns the ARM id of a plan.</summary>
    public string PlanId(string planName)
    {
        lock (_gate)
        {
            return RequirePlan(planName).Id.ToString();
        }
    }

    /// <summary>
    /// Deploys a build to a slot ("production" for the site) as a CI pipeline would: the slot's app restarts cold
    /// on every instance and the slot's <see cref="BuildIdentity.VersionSettingName"/> app setting records the version.
    /// </summary>
    /// <param name="siteName">The site name.</param>
    /// <param name="slot">The slot name ("production" for the site).</param>
    /// <param name="build">The build that runs in the slot from now on.</param>
    /// <param name="recordedVersion">
    /// What CI records in the app setting: null records <see cref="BuildSpec.Version"/>; an empty string records
    /// nothing (the setting is removed); any other value is recorded while <paramref name="build"/> runs (a CI mistake).
    /// </param>
    public void Deploy(string siteName, string slot, BuildSpec build, string? recordedVersion = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (_gate)
        {
            var now = Now;
            AdvanceTo(now);
            var site = RequireSite(siteName);
            var model = site.FindSlot(slot) ?? throw new ArgumentException($"Site '{siteName}' has no slot '{slot}'.", nameof(slot));
            model.Runtime.Build = build;
            model.Runtime.DeployedAt = now;
            model.Runtime.ProductionSince = model.IsProduction ? now : null;
            model.Runtime.Restart(site.Plan.Instances, now);
            RecordBuildVersion(model, recordedVersion ?? build.Version);
            model.LastModified = now;
            Log("deploy", model.Id.ToString(), now, "Succeeded", 200, recordedVersion switch
            {
                null => $"version {build.Version}",
                "" => $"version {build.Version}; {BuildIdentity.VersionSettingName} not recorded",
                _ => $"version {build.Version}; {BuildIdentity.VersionSettingName}={recordedVersion}",
            });
        }
    }

    /// <summary>Replaces the user demand on a site.</summary>
    public void SetLoad(string siteName, LoadSpec load)
    {
        ArgumentNullException.ThrowIfNull(load);
        lock (_gate)
        {
            var now = Now;
            AdvanceTo(now);
            var site = RequireSite(siteName);
            site.Load = LoadModel.Create(load, _seed, site.Id.ToString(), _startMinute, BaseDirectory);
            Log("setLoad", site.Id.ToString(), now, "Succeeded", 200, load.Trace is null
                ? string.Create(CultureInfo.InvariantCulture, $"{load.Profile} {load.RequestsPerMinute} rpm")
                : string.Create(CultureInfo.InvariantCulture, $"trace {load.Trace} x{load.Scale}"));
        }
    }

    /// <summary>Adds a fault rule.</summary>
    public void InjectFault(FaultSpec fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Removes every fault rule.</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Returns what users of a slot experienced per complete simulated minute in [from, to) (default: start to now).</summary>
    public IReadOnlyList<TrafficMinute> Traffic(string siteName, string slot = SlotNames.Production, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        lock (_gate)
        {
            var now = Now;
            AdvanceTo(now);
            var model = RequireSite(siteName).FindSlot(slot) ?? throw new ArgumentException($"Site '{siteName}' has no slot '{slot}'.", nameof(slot));
            long first = MinuteOf(from ?? Start);
            var until = to ?? now;
            long end = Math.Min(MinuteOf(until) + (until == FromMinute(MinuteOf(until)) ? 0 : 1), CompleteMinutesEnd());
            var result = new List<TrafficMinute>();
            for (long m = Math.Max(first, _startMinute - HistoryMinutes); m < end; m++)
            {
                EnsureMinute(model.Site.Plan, m);
                var bucket = model.Minutes.GetValueOrDefault(m);
                result.Add(bucket is null
                    ? new TrafficMinute(FromMinute(m), 0, 0, 0, 0)
                    : new TrafficMinute(
                        FromMinute(m),
                        Math.Round(bucket.UserRequests, 3),
                        Math.Round(bucket.UserFailed, 3),
                        Math.Round(Physics.Quantile(bucket.UserLatencies, 0.5), 3),
                        Math.Round(Physics.Quantile(bucket.UserLatencies, 0.99), 3)));
            }

            return result;
        }
    }

    /// <summary>Returns a snapshot of the whole fleet.</summary>
    public FleetSnapshot Snapshot()
    {
        lock (_gate)
        {
            var now = Now;
            AdvanceTo(now);
            return new FleetSnapshot(now, TimeScale, _plans.Select(p => SnapshotPlan(p, now)).ToList());
        }
    }

    /// <summary>Runs the simulation up to now (the host's ticker calls this so catch-up work stays small).</summary>
    public void Tick()
    {
        lock (_gate)
        {
            AdvanceTo(Now);
        }
    }

    internal string? BaseDirectory { get; private set; }

    internal static long MinuteOf(DateTimeOffset t) => (long)Math.Floor(t.ToUnixTimeMilliseconds() / 60000.0);

    internal static DateTimeOffset FromMinute(long minute) => DateTimeOffset.FromUnixTimeMilliseconds(minute * 60000);

    /// <summary>Runs <paramref name="action"/> under the lock after simulating up to now.</summary>
    internal T Locked<T>(Func<DateTimeOffset, T> action)
    {
        lock (_gate)
        {
            var now = Now;
            AdvanceTo(now);
            return action(now);
        }
    }

    internal FaultSpec? MatchFault(string operation, string path)
    {
        lock (_gate)
        {
            return _faults.Match(operation, path);
        }
    }

    internal OperationEntry Log(string kind, string target, DateTimeOffset now, string result, int status, string? detail, bool faulted = false)
    {
        lock (_gate)
        {
            var entry = new OperationEntry
            {
                Id = NewOperationId(),
                Kind = kind,
                Target = target,
                SimTime = now,
                Result = result,
                StatusCode = status,
                Detail = detail,
                Faulted = faulted,
            };
            _operations.Add(entry);
            return entry;
        }
    }

    private string NewOperationId()
    {
        long n = ++_nextOperation;
        var g = Noise.HexId(_seed, "op" + n.ToString(CultureInfo.InvariantCulture));
        return string.Create(CultureInfo.InvariantCulture, $"{g[..8]}-{g[8..12]}-{g[12..16]}-{g[16..20]}-{g[20..32]}");
    }

    private void Build(FleetSpec fleet, string? baseDirectory)
    {
        BaseDirectory = baseDirectory;
        var initialStart = Start.AddDays(-1);
        foreach (var sub in fleet.Subscriptions)
        {
            foreach (var rg in sub.ResourceGroups)
            {
                foreach (var planSpec in rg.Plans)
                {
                    var planId = AzureResourceId.Parse($"/subscriptions/{sub.Id}/resourceGroups/{rg.Name}/providers/Microsoft.Web/serverfarms/{planSpec.Name}");
                    if (_plans.Any(p => p.Id.Equals(planId)))
                    {
                        throw new InvalidDataException($"Plan '{planId}' is defined twice.");
                    }

                    if (planSpec.Capacity < 1 || planSpec.Capacity > planSpec.MaximumNumberOfWorkers)
                    {
                        throw new InvalidDataException($"Plan '{planSpec.Name}': capacity must be between 1 and maximumNumberOfWorkers.");
                    }

                    var plan = new PlanModel
                    {
                        Id = planId,
                        Location = rg.Location,
                        Region = RegionOf(rg.Location),
                        Sku = planSpec.Sku,
                        MaximumNumberOfWorkers = planSpec.MaximumNumberOfWorkers,
                        ZoneRedundant = planSpec.ZoneRedundant,
                        RequestsPerInstancePerMinute = planSpec.RequestsPerInstancePerMinute > 0 ? planSpec.RequestsPerInstancePerMinute : PlanSpec.DefaultRequestsPerInstancePerMinute,
                        InitialCapacity = planSpec.Capacity,
                    };
                    for (int i = 0; i < planSpec.Capacity; i++)
                    {
                        plan.Instances.Add(NewInstance(plan, initialStart));
                    }

                    _initialInstances[plan] = [.. plan.Instances];
                    _plans.Add(plan);
                    foreach (var siteSpec in planSpec.Sites)
                    {
                        AddSite(plan, siteSpec, initialStart, baseDirectory);
                    }
                }
            }
        }
    }

    private void AddSite(PlanModel plan, SiteSpec spec, DateTimeOffset initialStart, string? baseDirectory)
    {
        var id = AzureResourceId.Parse($"/subscriptions/{plan.Id.SubscriptionId}/resourceGroups/{plan.Id.ResourceGroup}/providers/Microsoft.Web/sites/{spec.Name}");
        if (_sites.ContainsKey(spec.Name))
        {
            throw new InvalidDataException($"Site '{spec.Name}' is defined twice (site names are global).");
        }

        var load = LoadModel.Create(spec.Load, _seed, id.ToString(), _startMinute, baseDirectory);
        var prodBuild = spec.Version is null ? spec.Build : spec.Build with { Version = spec.Version };
        SiteModel site = null!;
        site = new SiteModel
        {
            Id = id,
            Plan = plan,
            Load = load,
            Production = null!,
            Drain = NewDrainState(spec),
        };
        site.Production = NewSlot(site, SlotNames.Production, prodBuild, spec.AppSettings, spec.HealthCheckPath, initialStart);
        site.Production.Runtime.ProductionSince = initialStart;
        site.StickyAppSettingNames.AddRange(spec.SlotSettingNames);
        foreach (var slotSpec in spec.Slots)
        {
            if (SlotNames.IsProduction(slotSpec.Name) || site.Slots.ContainsKey(slotSpec.Name))
            {
                throw new InvalidDataException($"Site '{spec.Name}': slot '{slotSpec.Name}' is invalid or duplicated.");
            }

            var build = slotSpec.Version is null ? slotSpec.Build : slotSpec.Build with { Version = slotSpec.Version };
            site.Slots[slotSpec.Name] = NewSlot(site, slotSpec.Name, build, slotSpec.AppSettings, spec.HealthCheckPath, initialStart);
        }

        plan.Sites.Add(site);
        _sites[spec.Name] = site;
        _initialSites[site] = (prodBuild, load);
        foreach (var slot in site.AllSlots)
        {
            _hosts[slot.HostName] = slot;
        }
    }

    private SlotModel NewSlot(SiteModel site, string name, BuildSpec build, IReadOnlyDictionary<string, string> settings, string? healthCheckPath, DateTimeOffset startedAt)
    {
        var runtime = new SlotRuntime { Build = build, DeployedAt = startedAt };
        foreach (var i in site.Plan.Instances)
        {
            runtime.Processes[i.Id] = new ProcessState { StartedAt = startedAt, NeedsRequest = false };
        }

        bool production = SlotNames.IsProduction(name);
        var config = ArmJson.DefaultSiteConfig();
        config["healthCheckPath"] = healthCheckPath;
        return new SlotModel
        {
            Site = site,
            Name = production ? SlotNames.Production : name,
            Id = site.Id.WithSlot(name),
            HostName = production ? $"{site.Name}.azurewebsites.net" : $"{site.Name}-{name}.azurewebsites.net",
            Runtime = runtime,
            AppSettings = InitialAppSettings(settings, build),
            SiteConfig = config,
            LastModified = Start,
        };
    }

    /// <summary>A slot's settings as CI left them at its last deployment: the fleet's own value of the version setting wins (empty: not recorded).</summary>
    private static Dictionary<string, string> InitialAppSettings(IReadOnlyDictionary<string, string> settings, BuildSpec build)
    {
        var result = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase);
        BuildIdentity.Record(result, result.GetValueOrDefault(BuildIdentity.VersionSettingName) ?? build.Version);
        return result;
    }

    /// <summary>
    /// Records the version in the slot's own settings. While a swap with preview is pending the slot's own
    /// settings are the backup resetSlotConfig restores; the effective ones change too unless the name is
    /// sticky (then the effective value is the target slot's until the swap or the reset).
    /// </summary>
    private static void RecordBuildVersion(SlotModel slot, string recordedVersion)
    {
        if (slot.PreparedBackup is null)
        {
            BuildIdentity.Record(slot.AppSettings, recordedVersion);
            return;
        }

        BuildIdentity.Record(slot.PreparedBackup, recordedVersion);
        if (!slot.Site.StickyAppSettingNames.Contains(BuildIdentity.VersionSettingName, StringComparer.OrdinalIgnoreCase))
        {
            BuildIdentity.Record(slot.AppSettings, recordedVersion);
        }
    }

    private InstanceModel NewInstance(PlanModel plan, DateTimeOffset inLoadBalancerFrom)
    {
        string key = plan.Id + "#" + plan.NextOrdinal.ToString(CultureInfo.InvariantCulture);
        plan.NextOrdinal++;
        return new InstanceModel
        {
            Id = Noise.HexId(_seed, key),
            Weight = 1 + (0.08 * Noise.Signed(_seed, key, -1)),
            InLoadBalancerFrom = inLoadBalancerFrom,
        };
    }

    internal static string RegionOf(string location) =>
        new string(location.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();

    private SiteModel RequireSite(string name) =>
        _sites.GetValueOrDefault(name) ?? throw new ArgumentException($"Unknown site '{name}'.", nameof(name));

    private PlanModel RequirePlan(string name) =>
        _plans.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown plan '{name}'.", nameof(name));

    internal SiteModel? FindSite(string subscription, string resourceGroup, string name) =>
        _sites.GetValueOrDefault(name) is { } s
        && string.Equals(s.Id.SubscriptionId, subscription, StringComparison.OrdinalIgnoreCase)
        && string.Equals(s.Id.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase)
            ? s
            : null;

    internal PlanModel? FindPlan(string subscription, string resourceGroup, string name) =>
        _plans.FirstOrDefault(p =>
            string.Equals(p.Id.SubscriptionId, subscription, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Id.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    internal SlotModel? FindHost(string host) => _hosts.GetValueOrDefault(host);

    internal LroModel? FindLro(string id) => _lros.GetValueOrDefault(id);

    internal void Schedule(DateTimeOffset at, Action<DateTimeOffset> fire)
    {
        int idx = _events.FindIndex(e => e.At > at);
        _events.Insert(idx < 0 ? _events.Count : idx, (at, fire));
    }

    private long CompleteMinutesEnd() => MinuteOf(_simulatedUntil);

    private void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            while (_events.Count > 0 && _events[0].At <= _simulatedUntil)
            {
                var ev = _events[0];
                _events.RemoveAt(0);
                ev.Fire(ev.At);
            }

            if (_simulatedUntil >= target)
            {
                return;
            }

            var next = target;
            var stepEnd = _simulatedUntil.AddSeconds(StepSeconds);
            if (stepEnd < next)
            {
                next = stepEnd;
            }

            var minuteEnd = FromMinute(MinuteOf(_simulatedUntil) + 1);
            if (minuteEnd < next)
            {
                next = minuteEnd;
            }

            if (_events.Count > 0 && _events[0].At < next)
            {
                next = _events[0].At;
            }

            Simulate(_simulatedUntil, next);
            _simulatedUntil = next;
        }
    }

    private void Simulate(DateTimeOffset t0, DateTimeOffset t1)
    {
        double dt = (t1 - t0).TotalSeconds;
        if (dt <= 0)
        {
            return;
        }

        long minute = MinuteOf(t0);
        foreach (var plan in _plans)
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

    internal static SlotMinute SlotMinuteOf(SlotModel slot, long minute)
    {
        if (!slot.Minutes.TryGetValue(minute, out var bucket))
        {
            bucket = new SlotMinute();
            slot.Minutes[minute] = bucket;
        }

        return bucket;
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

    /// <summary>The steady-state initial fleet of a plan at a history minute (copies: the live instances keep their queues).</summary>
    private PlanStep HistoryStep(PlanModel plan, long minute)
    {
        var t = FromMinute(minute);
        var since = t.AddDays(-30);
        var instances = _initialInstances[plan].Select(i => new InstanceModel { Id = i.Id, Weight = i.Weight, InLoadBalancerFrom = since }).ToList();
        var demands = new List<(SlotModel, SlotRuntime, double)>();
        double total = 0;
        foreach (var site in plan.Sites)
        {
            var (build, load) = _initialSites[site];
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
