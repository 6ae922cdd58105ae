using System.Globalization;
using Seamless.Core.Resources;
using Seamless.Core.Time;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Model;

/// <summary>
/// The simulated fleet and everything that happens to it: load, instances, app processes, metric
/// buckets, the operation log and injected faults. Time only moves forward: every call first
/// simulates from where it left off up to the clock's now (steps of at most ten simulated seconds,
/// split at minute boundaries and scheduled events), so results do not depend on how often anyone
/// looks.
/// <para>
/// Locking rule: one lock guards all state. Public members take it themselves; the internal model (fleet lookups,
/// ARM writes, the data plane, metrics) has one door, <see cref="LockedModel"/>, a ref struct that only
/// <see cref="Locked{T}"/> hands out while it holds the lock and that cannot outlive the callback (the compiler keeps it
/// on the stack). The model's own methods are private. <see cref="Log"/> and <see cref="MatchFault"/> take the lock
/// themselves.
/// </para>
/// </summary>
public sealed partial class SimulatorState
{
    /// <summary>Longest simulated step.</summary>
    internal const double StepSeconds = 10;

    /// <summary>Minutes of history before the start that metrics can return (computed lazily from the initial fleet).</summary>
    internal const int HistoryMinutes = 8 * 24 * 60;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _requestCounts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SimulatedClock _clock;
    private readonly int _seed;
    private readonly Random _random;
    private readonly FleetModel _fleet;
    private readonly OperationLog _log;
    private readonly EventSchedule _schedule;
    private readonly FaultInjector _faults;
    private readonly long _startMinute;
    private int _roundRobin;

    internal SimulatorState(FleetSpec fleet, SimulatedClock clock, DateTimeOffset start, int seed, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _seed = seed;
        _random = new Random(seed);
        _faults = new FaultInjector(_random);
        Start = start;
        _startMinute = MinuteOf(Start);
        _log = new OperationLog(seed);
        _schedule = new EventSchedule(Start);
        BaseDirectory = baseDirectory;
        _fleet = new FleetBuilder(seed, Start, baseDirectory).Build(fleet);
    }

    /// <summary>Gets the simulated start (a minute boundary).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Gets the simulated time now.</summary>
    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Gets the simulated clock.</summary>
    public SimulatedClock Clock => _clock;

    /// <summary>Gets simulated seconds per real second (0: virtual time).</summary>
    public double TimeScale => _clock.Scale;

    /// <summary>
    /// Gets the ARM and Azure Monitor requests received so far by route operation (reads too, unlike <see cref="Operations"/>):
    /// "metrics" for a per-resource metrics read, "metricsBatch" for a data-plane <c>metrics:getBatch</c>, "getPlan", ….
    /// </summary>
    public IReadOnlyDictionary<string, int> RequestCounts => new Dictionary<string, int>(_requestCounts, StringComparer.Ordinal);

    /// <summary>Counts one request of a route operation (<see cref="RequestCounts"/>).</summary>
    internal void CountRequest(string operation) => _requestCounts.AddOrUpdate(operation, 1, (_, n) => n + 1);

    /// <summary>Gets every write operation (and faulted call) received, oldest first.</summary>
    public IReadOnlyList<SimOperation> Operations
    {
        get
        {
            lock (_gate)
            {
                AdvanceTo(Now);
                return _log.Records;
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

    /// <summary>Removes every fault rule (releasing what hold and lroHold rules hold).</summary>
    public void ClearFaults() => RemoveFaults(null, null);

    /// <summary>
    /// Removes the fault rules for <paramref name="operation"/>, of <paramref name="kind"/> and with <paramref name="target"/>
    /// (each null: any; case-insensitive). Calls a removed hold rule holds proceed; operations a removed lroHold rule
    /// holds complete from now on, or when they would have anyway if that is later (the simulation is first brought up
    /// to now, so they never complete before the removal).
    /// </summary>
    public void RemoveFaults(string? operation, string? kind, string? target = null)
    {
        lock (_gate)
        {
            var now = Now;
            AdvanceTo(now);
            var released = _faults.Remove(f =>
                (operation is null || string.Equals(f.Operation, operation, StringComparison.OrdinalIgnoreCase))
                && (kind is null || f.Is(kind))
                && (target is null || string.Equals(f.Target, target, StringComparison.OrdinalIgnoreCase)));
            foreach (var hold in released)
            {
                hold.Release(now);
            }
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
            return new FleetSnapshot(now, TimeScale, _fleet.Plans.Select(p => SnapshotPlan(p, now)).ToList());
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

    internal string? BaseDirectory { get; }

    /// <summary>Converts a simulated duration to real time (Retry-After headers).</summary>
    internal TimeSpan ToReal(TimeSpan simulated) => _clock.ToReal(simulated);

    internal static long MinuteOf(DateTimeOffset t) => (long)Math.Floor(t.ToUnixTimeMilliseconds() / 60000.0);

    internal static DateTimeOffset FromMinute(long minute) => DateTimeOffset.FromUnixTimeMilliseconds(minute * 60000);

    internal FaultSpec? MatchFault(string operation, string path, bool exactOperation = false)
    {
        lock (_gate)
        {
            return _faults.Match(operation, path, exactOperation);
        }
    }

    /// <summary>
    /// Whether a fault rule names the per-plan read a resource group listing stands in for (<c>getPlan</c> for the group's
    /// plans, <c>listPlanSites</c> for their apps) on one of the group's plans. The listing then fails, so its caller reads
    /// each plan on its own, where the rule applies as it would without the listing (counts, holds and delays included).
    /// </summary>
    internal bool FaultsAPlanReadOf(string listing, string subscription, string resourceGroup)
    {
        string perPlan = listing == "listGroupPlans" ? "getPlan" : "listPlanSites";
        lock (_gate)
        {
            return _fleet.PlansIn(subscription, resourceGroup)
                .Any(plan => _faults.Targets(perPlan, perPlan == "getPlan" ? plan.Id.ToString() : $"{plan.Id}/sites"));
        }
    }

    internal OperationEntry Log(string kind, string target, DateTimeOffset now, string result, int status, string? detail, bool faulted = false)
    {
        lock (_gate)
        {
            return _log.Add(kind, target, now, result, status, detail, faulted);
        }
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

    private SiteModel RequireSite(string name) => _fleet.RequireSite(name);

    private PlanModel RequirePlan(string name) => _fleet.RequirePlan(name);

    private SiteModel? FindSite(string subscription, string resourceGroup, string name) => _fleet.FindSite(subscription, resourceGroup, name);

    private PlanModel? FindPlan(string subscription, string resourceGroup, string name) => _fleet.FindPlan(subscription, resourceGroup, name);

    private SlotModel? FindHost(string host) => _fleet.FindHost(host);

    private void Schedule(DateTimeOffset at, Action<DateTimeOffset> fire) => _schedule.Schedule(at, fire);

    /// <summary>
    /// Schedules a long-running operation's completion at <paramref name="at"/>. Under an lroHold fault it stays
    /// InProgress past that until the rule is removed, then completes at the removal (or at <paramref name="at"/> if
    /// later); meanwhile its expected end moves a step ahead each step, so pollers are told to come back a step
    /// later rather than at once.
    /// </summary>
    private void ScheduleCompletion(LroModel lro, LroFault fault, DateTimeOffset at, Action<DateTimeOffset> complete)
    {
        if (fault.Hold is not { } hold)
        {
            Schedule(at, complete);
            return;
        }

        bool done = false;
        void Check(DateTimeOffset t)
        {
            if (done)
            {
                return;
            }

            if (hold.IsReleased && t >= at)
            {
                done = true;
                hold.EndOperation();
                complete(t);
                return;
            }

            if (!hold.IsReleased)
            {
                lro.CompleteAt = t.AddSeconds(StepSeconds);
                Schedule(lro.CompleteAt, Check);
            }
        }

        hold.BeginOperation(releasedAt => Schedule(releasedAt > at ? releasedAt : at, Check));
        Schedule(at, Check);
    }
}
