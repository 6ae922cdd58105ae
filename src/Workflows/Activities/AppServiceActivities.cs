using Seamless.Core.ScaleIn.Headroom;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Core.ScaleIn;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Ports;
using Seamless.Core.Time;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Activities;

/// <summary>
/// Activities over the Azure ports: one port call each (a probe sweep is one call per target),
/// idempotent, small records in and out. Both hosts expose each method under its
/// <see cref="ActivityNames"/> name.
/// </summary>
/// <param name="ledgers">
/// Where the plans' settled demand hours are shared with the app's other instances (the state store); null keeps them in
/// this process only (the CLI's what-if, benches).
/// </param>
/// <param name="floors">
/// Where the plans' promise floors are shared with the app's other instances and kept across restarts (the state store);
/// null keeps them in this process only.
/// </param>
public sealed class AppServiceActivities(IAppServiceClient appService, IMetricsClient metrics, ISiteProbe probe, TimeProvider clock, DemandLedgerStore? ledgers = null, PromiseFloorStore? floors = null)
{
    /// <summary>
    /// Hours a learning pass may miss before it asks the state store for them (<see cref="DemandLedgerStore"/>): an hourly
    /// pass misses the new hour and the one still settling before it, which no other instance has settled either; a pass
    /// that misses older hours (a new instance, or one that has not learned the plan for a while) asks the store first.
    /// </summary>
    public static readonly TimeSpan LatestHoursNotStored = TimeSpan.FromHours(3);

    /// <summary>
    /// The longest a swap waits for another operation on the site (a swap of its own included) to end:
    /// longer than a swap takes (the platform's swap warm-up gives up after 7.5 minutes), short enough
    /// that the wait and the swap fit in the Functions host's 30-minute activity timeout.
    /// </summary>
    public static readonly TimeSpan BusySiteWait = TimeSpan.FromMinutes(10);

    /// <summary>The latest learned headroom per plan, with the window and hour it was learned for, and the plan's promise floor after it.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Key, LearnedHeadroom Learned, PromiseFloor Floor)> _learned = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DemandLedger> _demand = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often a swap looks again while the site is busy.</summary>
    public static readonly TimeSpan BusySitePollInterval = TimeSpan.FromSeconds(10);

    /// <summary>Reads a site or slot.</summary>
    public Task<SiteState> GetSiteAsync(SiteRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return appService.GetSiteAsync(input.SiteId, input.Slot, cancellationToken);
    }

    /// <summary>Lists the instances serving a slot.</summary>
    public Task<IReadOnlyList<SiteInstance>> ListInstancesAsync(SiteRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return appService.ListInstancesAsync(input.SiteId, input.Slot, cancellationToken);
    }

    /// <summary>Reads app setting names of a slot (never values).</summary>
    public Task<IReadOnlyList<string>> GetAppSettingNamesAsync(SiteRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return appService.GetAppSettingNamesAsync(input.SiteId, input.Slot, cancellationToken);
    }

    /// <summary>
    /// Reads the build a slot runs from the configured source: one app setting's value (no other value leaves the
    /// adapter) or the container image. Null version when the source holds nothing.
    /// </summary>
    public async Task<ObservedBuild> ResolveBuildAsync(BuildRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ObservedBuild(input.Slot, await BuildIdentityReader.ReadAsync(appService, input.SiteId, input.Slot, input.Identity, cancellationToken));
    }

    /// <summary>Reads the sticky setting names of a site.</summary>
    public Task<SlotConfigNames> GetSlotConfigNamesAsync(string siteId, CancellationToken cancellationToken) =>
        appService.GetSlotConfigNamesAsync(siteId, cancellationToken);

    /// <summary>Swap with preview phase 1; skipped when the source is already prepared for this target.</summary>
    public async Task<bool> ApplySlotConfigAsync(SlotPairRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var source = await appService.GetSiteAsync(input.SiteId, input.SourceSlot, cancellationToken);
        if (source.TargetSwapSlot is not null && string.Equals(SlotNames.Normalize(source.TargetSwapSlot), SlotNames.Normalize(input.TargetSlot), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        await appService.ApplySlotConfigAsync(input.SiteId, input.SourceSlot, input.TargetSlot, cancellationToken);
        return true;
    }

    /// <summary>Cancels a swap with preview on a slot (idempotent by nature).</summary>
    public async Task<bool> ResetSlotConfigAsync(SiteRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await appService.ResetSlotConfigAsync(input.SiteId, input.Slot, cancellationToken);
        return true;
    }

    /// <summary>
    /// Swaps two slots unless the site's last swap is already newer than the one seen before the
    /// decision: activities are at-least-once, and a second swap would undo the first. While an
    /// operation runs on the site (after a crash, typically this very swap, accepted and still running)
    /// the site reports it and the platform refuses writes with 409: wait for it to end and look at the
    /// last swap again before writing, for at most <see cref="BusySiteWait"/>. Swapping while our own
    /// swap might still complete would swap the release straight back.
    /// </summary>
    public async Task<SwapResult> SwapSlotsAsync(SwapRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var deadline = clock.GetUtcNow() + BusySiteWait;
        while (true)
        {
            var production = await appService.GetSiteAsync(input.SiteId, SlotNames.Production, cancellationToken);
            if (production.LastSwap is { } last && (input.LastSwapBefore is null || last.TimestampUtc > input.LastSwapBefore))
            {
                return new SwapResult(false, last);
            }

            if (production.InProgressOperationId is not null)
            {
                // Never write while it runs: it may be our own swap about to complete. Past the wait, fail retryably.
                if (clock.GetUtcNow() >= deadline)
                {
                    throw new AzureConflictException("SiteBusy", $"An operation ({production.InProgressOperationId}) is still in progress on the site after {BusySiteWait}.");
                }

                await SimulatedClock.DelayAsync(clock, BusySitePollInterval, cancellationToken);
                continue;
            }

            try
            {
                await appService.SwapAsync(input.SiteId, input.SourceSlot, input.TargetSlot, cancellationToken);
            }
            catch (AzureConflictException) when (clock.GetUtcNow() < deadline)
            {
                await SimulatedClock.DelayAsync(clock, BusySitePollInterval, cancellationToken);
                continue;
            }

            var after = await appService.GetSiteAsync(input.SiteId, SlotNames.Production, cancellationToken);
            return new SwapResult(true, after.LastSwap);
        }
    }

    /// <summary>Routes a share of production traffic to a slot; 0 removes routing. Absolute, so idempotent.</summary>
    public async Task<double> SetRoutingAsync(RoutingRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        IReadOnlyList<RoutingRule> rules = [];
        if (input.Percentage > 0)
        {
            var slot = await appService.GetSiteAsync(input.SiteId, input.Slot, cancellationToken);
            rules = [new RoutingRule(SlotNames.Normalize(input.Slot), slot.DefaultHostName, input.Percentage)];
        }

        await appService.SetRoutingAsync(input.SiteId, rules, cancellationToken);
        return input.Percentage;
    }

    /// <summary>Reads a plan.</summary>
    public Task<PlanState> GetPlanAsync(string planId, CancellationToken cancellationToken) =>
        appService.GetPlanAsync(planId, cancellationToken);

    /// <summary>Sets a plan's instance count (absolute target, so a re-run is harmless).</summary>
    public Task<PlanState> SetPlanCapacityAsync(CapacityRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return appService.SetPlanCapacityAsync(input.PlanId, input.Capacity, input.Expected, cancellationToken);
    }

    /// <summary>Probes each path on each instance once.</summary>
    public async Task<IReadOnlyList<ProbeObservation>> ProbeSlotAsync(ProbeSlotRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        IReadOnlyList<string?> instances = input.InstanceIds.Count == 0 ? [null] : [.. input.InstanceIds];
        var probes = from instance in instances
                     from path in input.Paths
                     select ProbeOneAsync(input.HostName, path, instance, input.Timeout, cancellationToken);
        return await Task.WhenAll(probes);
    }

    /// <summary>Reads a slot's per-minute requests, 5xx and response time.</summary>
    public async Task<SlotMetrics> ReadSlotMetricsAsync(SlotMetricsRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var site = AzureResourceId.Parse(input.SiteId).WithSlot(input.Slot);
        var result = await metrics.QueryAsync(
            new MetricQuery(
                site.ToString(),
                site.Slot is null ? MetricNames.SiteNamespace : MetricNames.SlotNamespace,
                [MetricNames.Requests, MetricNames.Http5xx, MetricNames.HttpResponseTime],
                ["Total", "Average"],
                input.From,
                input.To,
                TimeSpan.FromMinutes(1)),
            cancellationToken);
        var requests = Points(result, MetricNames.Requests);
        var errors = Points(result, MetricNames.Http5xx);
        var latency = Points(result, MetricNames.HttpResponseTime);
        var minutes = requests.Keys.Union(errors.Keys).Union(latency.Keys).Order()
            .Select(t => new SlotMinute(
                t,
                requests.GetValueOrDefault(t)?.Total,
                errors.GetValueOrDefault(t)?.Total,
                latency.GetValueOrDefault(t)?.Average))
            .ToList();
        return new SlotMetrics(minutes);
    }

    /// <summary>Reads a plan's per-minute CPU, memory and queue, and CPU per instance.</summary>
    public async Task<PlanMetrics> ReadPlanMetricsAsync(PlanMetricsRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        string[] names = [MetricNames.CpuPercentage, MetricNames.MemoryPercentage, MetricNames.HttpQueueLength];
        var aggregate = await metrics.QueryAsync(
            new MetricQuery(input.PlanId, MetricNames.PlanNamespace, names, ["Average"], input.From, input.To, TimeSpan.FromMinutes(1)),
            cancellationToken);
        var perInstance = await metrics.QueryAsync(
            new MetricQuery(input.PlanId, MetricNames.PlanNamespace, [MetricNames.CpuPercentage], ["Average"], input.From, input.To, TimeSpan.FromMinutes(1), SplitByInstance: true),
            cancellationToken);
        var cpu = Points(aggregate, MetricNames.CpuPercentage);
        var memory = Points(aggregate, MetricNames.MemoryPercentage);
        var queue = Points(aggregate, MetricNames.HttpQueueLength);
        var times = cpu.Keys.Union(memory.Keys).Union(queue.Keys).Order().ToList();
        var minutes = times
            .Select(t => new PlanMinute(t, cpu.GetValueOrDefault(t)?.Average, memory.GetValueOrDefault(t)?.Average, queue.GetValueOrDefault(t)?.Average))
            .ToList();
        var instances = perInstance.Of(MetricNames.CpuPercentage)
            .Where(s => s.Instance is not null)
            .Select(s =>
            {
                var byTime = s.Points.ToDictionary(p => p.Timestamp);
                return new InstanceCpuSeries(s.Instance!, times.Select(t => byTime.GetValueOrDefault(t)?.Average).ToList());
            })
            .ToList();
        return new PlanMetrics(minutes, instances);
    }

    /// <summary>
    /// Reads the drain evidence of every site on a plan: ARM lists the sites with their <c>clientAffinityEnabled</c>,
    /// Azure Monitor gives each one's requests, response time (Maximum) and application queue over the lookback.
    /// </summary>
    public async Task<DrainFacts> ReadDrainFactsAsync(DrainFactsRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var sites = await appService.ListPlanSitesAsync(input.PlanId, cancellationToken);
        var facts = new List<SiteDrainFacts>(sites.Count);
        foreach (var site in sites)
        {
            var result = await metrics.QueryAsync(
                new MetricQuery(site.Id, MetricNames.SiteNamespace, DrainFactsReader.MetricNamesRead, DrainFactsReader.Aggregations, input.From, input.To, TimeSpan.FromMinutes(1)),
                cancellationToken);
            facts.Add(DrainFactsReader.Site(site, result));
        }

        return new DrainFacts(facts, input.To - input.From);
    }

    /// <summary>
    /// Learns the headroom that keeps the overload budget and estimates the capacity it requires now (the learning runs
    /// here so the orchestration history carries only the result). The learning window is scored once per plan and hour
    /// (the learner scores history up to the last full hour, so every sweep of that hour gets the same answer) from a
    /// <see cref="DemandLedger"/> that reads only the hours it does not hold settled yet, after taking those older than the
    /// latest few from the state store where another instance stored them (<see cref="DemandLedgerStore"/>); each sweep then reads only the
    /// latest minutes (the hold); the same time a day and a week ago comes from the ledger. Where a read has a saturated
    /// minute (its CPU no longer shows the demand), the plan's sites' requests and server errors over that read say what
    /// the minute asked for (<see cref="HeadroomReader.Asked"/>): the learner judges its candidates against it, and the
    /// seasonal term and the saturated step use it.
    /// </summary>
    public async Task<HeadroomReading> LearnHeadroomAsync(HeadroomRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var hour = HeadroomReader.LearnedUpTo(input.To);
        // The learning window is whole hours, so every sweep of the hour asks the same question and gets the cached answer:
        // keyed on the request's own start, which moves with each minute, the learner ran on every sweep.
        var learnFrom = HeadroomReader.LearnedUpTo(input.From);
        // The plan's sites are listed at most once per call, and only when a read has a saturated minute.
        IReadOnlyList<SiteState>? sites = null;
        async Task<IReadOnlyList<SiteState>> SitesAsync() => sites ??= await appService.ListPlanSitesAsync(input.PlanId, cancellationToken);
        var key = $"{input.PlanId}|{learnFrom:O}|{hour:O}|{input.Settings}";
        var ledger = _demand.GetOrAdd(input.PlanId, _ => new DemandLedger());
        if (!_learned.TryGetValue(input.PlanId, out var cached) || cached.Key != key)
        {
            // Only the hours not read before (or still settling then) are read: an hourly pass reads about an hour. Older
            // hours missing here (a new instance) come from the state store where another instance settled them.
            var missing = ledger.Missing(learnFrom, hour);
            var planId = AzureResourceId.TryParse(input.PlanId, out _);
            var plan = ledgers is null ? null : planId;
            if (plan is not null && missing.Count > 0 && missing[0].From < hour - LatestHoursNotStored)
            {
                await ledgers!.LoadAsync(plan, ledger, learnFrom, hour, cancellationToken);
                missing = ledger.Missing(learnFrom, hour);
            }

            foreach (var (from, to) in missing)
            {
                var read = await ReadPlanMetricsAsync(new PlanMetricsRequest(input.PlanId, from, to), cancellationToken);
                ledger.Record(read, from, to, clock.GetUtcNow(), await AskedAsync(input, read, from, to, SitesAsync, cancellationToken));
            }

            if (plan is not null && missing.Count > 0)
            {
                await ledgers!.SaveAsync(plan, ledger, missing.SelectMany(read => DemandLedgerStore.Days(read.From, read.To)), cancellationToken);
            }

            ledger.Forget(learnFrom);
            var learned = HeadroomLearner.Learn(ledger.History(learnFrom, hour), input.Settings);
            // Where the promise broke on bursts beyond reach, the minimum the learning named is held (PromiseFloor).
            var held = cached.Floor ?? PromiseFloor.None;
            var named = PromiseFloor.NamedBy(learned, input.Settings);
            var hold = PromiseFloor.HoldFor(input.Settings);
            var hours = learned.Promise?.BurstHours;
            // Only a plan whose operator asked for it reads and writes its floor in the store.
            var floor = planId is not null && floors is not null && input.Settings.HoldMinimumToKeepBudget
                ? await floors.RecordAsync(planId, hour, named, hold, hours, held, cancellationToken)
                : held.Record(hour, named, hold, hours);
            cached = (key, learned, floor);
            _learned[input.PlanId] = cached;
        }

        // The same time a day and a week ago lies in the ledger (it holds the learning window and the week before it);
        // only the latest minutes are read from Azure Monitor.
        var (recentFrom, recentTo) = HeadroomReader.LatestWindow(input.To);
        var recent = await ReadPlanMetricsAsync(new PlanMetricsRequest(input.PlanId, recentFrom, recentTo), cancellationToken);
        var demand = ledger.History(input.From, input.To, recent, await AskedAsync(input, recent, recentFrom, recentTo, SitesAsync, cancellationToken));
        var saturation = HeadroomReader.Saturation(recent, recent.Instances.Count, input.Saturation, demand, input.Settings.LeadMinutes);
        return new HeadroomReading(cached.Learned, HeadroomPlanner.Estimate(demand, cached.Learned, input.Settings, saturation, input.Settings.HoldMinimumToKeepBudget ? cached.Floor.At(input.To) : null));
    }

    /// <summary>
    /// What the saturated minutes of a read asked for: only when one is saturated, the plan's sites' requests and server
    /// errors over the read (<see cref="HeadroomReader.Asked"/>); null otherwise (no site is read).
    /// </summary>
    private async Task<double?[]?> AskedAsync(HeadroomRequest input, PlanMetrics read, DateTimeOffset from, DateTimeOffset to, Func<Task<IReadOnlyList<SiteState>>> planSites, CancellationToken cancellationToken)
    {
        var line = input.Saturation?.QueuePerInstanceLine ?? double.PositiveInfinity;
        if (!read.Minutes.Any(m => HeadroomReader.IsSaturated(m, line)))
        {
            return null;
        }

        var sites = new List<MetricResult>();
        foreach (var site in await planSites())
        {
            sites.Add(await metrics.QueryAsync(new MetricQuery(site.Id, MetricNames.SiteNamespace, HeadroomReader.AskedMetricNames, ["Total"], from, to, TimeSpan.FromMinutes(1)), cancellationToken));
        }

        return HeadroomReader.Asked(read, HeadroomReader.SiteRequests(sites), line);
    }

    private static Dictionary<DateTimeOffset, MetricPoint> Points(MetricResult result, string name) =>
        result.Of(name).Where(s => s.Instance is null).SelectMany(s => s.Points).Where(p => !p.IsEmpty)
            .GroupBy(p => p.Timestamp).ToDictionary(g => g.Key, g => g.First());

    private async Task<ProbeObservation> ProbeOneAsync(string host, string path, string? instance, TimeSpan timeout, CancellationToken ct)
    {
        var result = await probe.ProbeAsync(new ProbeRequest(host, path, instance, timeout), ct);
        return new ProbeObservation(instance ?? string.Empty, path, result.StatusCode, result.Latency, clock.GetUtcNow(), result.Error);
    }
}
