using Microsoft.Extensions.Logging;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Core.Time;
using Seamless.Workflows.Ports;

namespace Seamless.Azure;

/// <summary>
/// Answers the plan reads and plan-site reads of many plans from one listing of their resource group. The scale-in sweep
/// reads each managed plan and its sites every minute: two ARM reads per plan, which ARM's read limit (a bucket of 250
/// refilled at 25 a second per subscription and principal) caps at about 750 plans. Here a plan read (<see cref="GetPlanAsync"/>)
/// whose resource group has other plans read recently (<see cref="PeerHorizon"/>) lists the group's plans once
/// (<see cref="IResourceGroupLister.ListGroupPlansAsync"/>), and that listing answers each plan's first read for
/// <see cref="ResultLifetime"/>; the sites of a plan (<see cref="ListPlanSitesAsync"/>) likewise come from one listing of
/// the group's apps, filtered by plan. A sweep of N plans in G resource groups then costs about 2 × G listings (one page per
/// hundred or so resources) instead of 2 × N reads.
/// What keeps a listed answer as true as a read:
/// <list type="bullet">
/// <item>A listing answers a plan's first read only; a plan read again within the lifetime (after its scale, say) is read on its own.</item>
/// <item>A capacity change made through this client is never answered from a listing that began before the change ended;
///   one made by another process is at most <see cref="ResultLifetime"/> older than a direct read would show, and the
///   capacity writes that follow a read are conditional on what it read, so that change stands.</item>
/// <item>A plan the listing left out (gone, or listed without the properties a read gives) is read on its own, with the read's own errors.</item>
/// <item>A plan's sites come from the listing only when it finds exactly as many as the plan's last read counted
///   (<see cref="PlanState.NumberOfSites"/>); an app of the plan in another resource group, or one created since, sends the
///   plan to its own read.</item>
/// <item>A listing that fails (no read permission on the group, a throttled call) answers nobody: each read goes on its own, and
///   the group is not listed again for <see cref="PeerHorizon"/>.</item>
/// </list>
/// A plan without peers is read on its own, as without batching. Thread-safe; every other call passes through.
/// </summary>
public sealed class BatchingAppServiceClient : IAppServiceClient
{
    /// <summary>How long after its last read a plan still counts as a peer of its resource group's plans.</summary>
    public static readonly TimeSpan PeerHorizon = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a listing answers its plans' first reads: a sweep's reads of a group come within seconds of one another.
    /// It bounds how much older than a direct read a listed answer can be when another process (another Functions
    /// instance) changed the plan meanwhile; every capacity write is conditional on the capacity it was decided on, so such
    /// a change stands and the write is journaled superseded, as when it lands between a direct read and the write.
    /// </summary>
    public static readonly TimeSpan ResultLifetime = TimeSpan.FromSeconds(10);

    private readonly IAppServiceClient _inner;
    private readonly IResourceGroupLister _lister;
    private readonly TimeProvider _clock;
    private readonly ILogger<BatchingAppServiceClient> _logger;
    private readonly Lock _gate = new();
    private readonly Group<IReadOnlyDictionary<string, PlanState>> _plans = new();
    private readonly Group<IReadOnlyList<SiteState>> _sites = new();
    private readonly Dictionary<string, Write> _writes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _siteCounts = new(StringComparer.OrdinalIgnoreCase);
    private long _sequence;

    /// <summary>Initializes a new instance of the <see cref="BatchingAppServiceClient"/> class.</summary>
    /// <param name="inner">The client that makes every other call and the reads a listing does not answer.</param>
    /// <param name="lister">Lists a resource group's plans and apps (<see cref="ArmAppServiceClient"/>).</param>
    /// <param name="clock">The clock that ages peers and listings.</param>
    /// <param name="logger">The logger.</param>
    public BatchingAppServiceClient(IAppServiceClient inner, IResourceGroupLister lister, TimeProvider clock, ILogger<BatchingAppServiceClient> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(lister);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _lister = lister;
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async Task<PlanState> GetPlanAsync(string planId, CancellationToken cancellationToken)
    {
        if (AzureResourceId.TryParse(planId, out _) is { IsPlan: true } plan
            && Join(_plans, plan, "plans", ListPlansAsync) is { } listing
            && await SimulatedClock.WaitOnAsync(_clock, listing, cancellationToken).ConfigureAwait(false) is { } listed
            && listed.TryGetValue(plan.ToString(), out PlanState? state))
        {
            return Seen(state);
        }

        return Seen(await _inner.GetPlanAsync(planId, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SiteState>> ListPlanSitesAsync(string planId, CancellationToken cancellationToken)
    {
        if (AzureResourceId.TryParse(planId, out _) is { IsPlan: true } plan
            && SiteCount(plan) is { } expected
            && Join(_sites, plan, "apps", ListSitesAsync) is { } listing
            && await SimulatedClock.WaitOnAsync(_clock, listing, cancellationToken).ConfigureAwait(false) is { } listed)
        {
            string id = plan.ToString();
            List<SiteState> onPlan = [.. listed.Where(site => string.Equals(site.ServerFarmId, id, StringComparison.OrdinalIgnoreCase))];
            if (onPlan.Count == expected)
            {
                return onPlan;
            }
        }

        return await _inner.ListPlanSitesAsync(planId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<PlanState> SetPlanCapacityAsync(string planId, int capacity, int? expectedCapacity, CancellationToken cancellationToken)
    {
        // Keyed as reads are (the parsed id), so a write named with other casing still stops a listing answering the plan.
        string key = AzureResourceId.TryParse(planId, out _)?.ToString() ?? planId;
        lock (_gate)
        {
            Write write = _writes.TryGetValue(key, out Write? known) ? known : _writes[key] = new Write();
            write.Running++;
        }

        try
        {
            return Seen(await _inner.SetPlanCapacityAsync(planId, capacity, expectedCapacity, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            lock (_gate)
            {
                Write write = _writes[key];
                write.Running--;
                write.EndedAt = ++_sequence;
            }
        }
    }

    /// <inheritdoc/>
    public Task<SiteState> GetSiteAsync(string siteId, string? slot, CancellationToken cancellationToken) => _inner.GetSiteAsync(siteId, slot, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<SiteState>> ListSlotsAsync(string siteId, CancellationToken cancellationToken) => _inner.ListSlotsAsync(siteId, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<SiteInstance>> ListInstancesAsync(string siteId, string? slot, CancellationToken cancellationToken) => _inner.ListInstancesAsync(siteId, slot, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> GetAppSettingNamesAsync(string siteId, string? slot, CancellationToken cancellationToken) => _inner.GetAppSettingNamesAsync(siteId, slot, cancellationToken);

    /// <inheritdoc/>
    public Task<string?> GetAppSettingValueAsync(string siteId, string? slot, string name, CancellationToken cancellationToken) => _inner.GetAppSettingValueAsync(siteId, slot, name, cancellationToken);

    /// <inheritdoc/>
    public Task<string?> GetContainerImageAsync(string siteId, string? slot, CancellationToken cancellationToken) => _inner.GetContainerImageAsync(siteId, slot, cancellationToken);

    /// <inheritdoc/>
    public Task<SlotConfigNames> GetSlotConfigNamesAsync(string siteId, CancellationToken cancellationToken) => _inner.GetSlotConfigNamesAsync(siteId, cancellationToken);

    /// <inheritdoc/>
    public Task ApplySlotConfigAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken) => _inner.ApplySlotConfigAsync(siteId, sourceSlot, targetSlot, cancellationToken);

    /// <inheritdoc/>
    public Task ResetSlotConfigAsync(string siteId, string? slot, CancellationToken cancellationToken) => _inner.ResetSlotConfigAsync(siteId, slot, cancellationToken);

    /// <inheritdoc/>
    public Task SwapAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken) => _inner.SwapAsync(siteId, sourceSlot, targetSlot, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<RoutingRule>> GetRoutingAsync(string siteId, CancellationToken cancellationToken) => _inner.GetRoutingAsync(siteId, cancellationToken);

    /// <inheritdoc/>
    public Task SetRoutingAsync(string siteId, IReadOnlyList<RoutingRule> rules, CancellationToken cancellationToken) => _inner.SetRoutingAsync(siteId, rules, cancellationToken);

    private async Task<IReadOnlyDictionary<string, PlanState>> ListPlansAsync(AzureResourceId plan)
    {
        IReadOnlyList<PlanState> plans = await _lister.ListGroupPlansAsync(plan.SubscriptionId, plan.ResourceGroup, CancellationToken.None).ConfigureAwait(false);
        var byId = new Dictionary<string, PlanState>(StringComparer.OrdinalIgnoreCase);
        foreach (PlanState listed in plans)
        {
            if (AzureResourceId.TryParse(listed.Id, out _) is { } id)
            {
                byId[id.ToString()] = listed;
            }
        }

        return byId;
    }

    private Task<IReadOnlyList<SiteState>> ListSitesAsync(AzureResourceId plan) =>
        _lister.ListGroupSitesAsync(plan.SubscriptionId, plan.ResourceGroup, CancellationToken.None);

    /// <summary>
    /// The listing that answers this read of <paramref name="plan"/>: one under way or recent that has not answered it yet
    /// and began after the plan's last change through this client, or a new one when the group has other plans read
    /// recently; null when the plan is read on its own.
    /// </summary>
    private Task<T?>? Join<T>(Group<T> groups, AzureResourceId plan, string what, Func<AzureResourceId, Task<T>> list)
        where T : class
    {
        string id = plan.ToString();
        string group = $"{plan.SubscriptionId}/{plan.ResourceGroup}".ToLowerInvariant();
        DateTimeOffset now = _clock.GetUtcNow();
        TaskCompletionSource<T?> source;
        lock (_gate)
        {
            Dictionary<string, DateTimeOffset> readers = groups.ReadersOf(group);
            readers[id] = now;
            foreach (string quiet in readers.Where(r => r.Value < now - PeerHorizon).Select(r => r.Key).ToList())
            {
                readers.Remove(quiet);
            }

            bool writing = _writes.TryGetValue(id, out Write? write) && write.Running > 0;
            long writtenAt = write?.EndedAt ?? 0;
            if (groups.Listings.TryGetValue(group, out Listing<T>? recent) && recent.StartedAt >= now - ResultLifetime)
            {
                // The group's current listing answers the plan or nobody does: a plan read again, or changed since the
                // listing began, is read on its own (one read, not a listing of its whole group).
                return !recent.Failed && !writing && recent.Sequence > writtenAt && recent.Answered.Add(id) ? recent.Result : null;
            }

            if (writing || readers.Count < 2 || (groups.FailedAt.TryGetValue(group, out DateTimeOffset failed) && failed >= now - PeerHorizon))
            {
                return null;
            }

            source = new TaskCompletionSource<T?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var listing = new Listing<T>(source.Task, now, ++_sequence);
            listing.Answered.Add(id);
            groups.Listings[group] = listing;
        }

        _ = ListAsync(groups, group, plan, what, list, source);
        return source.Task;
    }

    private async Task ListAsync<T>(Group<T> groups, string group, AzureResourceId plan, string what, Func<AzureResourceId, Task<T>> list, TaskCompletionSource<T?> source)
        where T : class
    {
        // The listing is this task's work on a simulated clock (the plans waiting on it let virtual time pass), and it runs
        // to its end whichever of them stops waiting.
        using IDisposable? work = SimulatedClock.WorkOn(_clock);
        try
        {
            T listed = await list(plan).ConfigureAwait(false);
            Logs.GroupListed(_logger, what, plan.ResourceGroup);
            source.TrySetResult(listed);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Logs.GroupListingFailed(_logger, what, plan.ResourceGroup, ex.Message);
            lock (_gate)
            {
                groups.FailedAt[group] = _clock.GetUtcNow();
                if (groups.Listings.TryGetValue(group, out Listing<T>? listing) && listing.Result == source.Task)
                {
                    listing.Failed = true;
                }
            }

            source.TrySetResult(null);
        }
    }

    private PlanState Seen(PlanState plan)
    {
        if (plan.NumberOfSites is { } sites)
        {
            string key = AzureResourceId.TryParse(plan.Id, out _)?.ToString() ?? plan.Id;
            lock (_gate)
            {
                _siteCounts[key] = sites;
            }
        }

        return plan;
    }

    private int? SiteCount(AzureResourceId plan)
    {
        lock (_gate)
        {
            return _siteCounts.TryGetValue(plan.ToString(), out int count) ? count : null;
        }
    }

    /// <summary>The listings of one kind, by resource group, with the plans that read it lately and the groups whose listing failed.</summary>
    private sealed class Group<T>
        where T : class
    {
        public Dictionary<string, Listing<T>> Listings { get; } = [];

        public Dictionary<string, Dictionary<string, DateTimeOffset>> Readers { get; } = [];

        public Dictionary<string, DateTimeOffset> FailedAt { get; } = [];

        public Dictionary<string, DateTimeOffset> ReadersOf(string group)
        {
            if (!Readers.TryGetValue(group, out Dictionary<string, DateTimeOffset>? readers))
            {
                readers = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
                Readers[group] = readers;
            }

            return readers;
        }
    }

    /// <summary>One listing of a group: its result, when it began (clock and order), and the plans it answered.</summary>
    private sealed class Listing<T>(Task<T?> result, DateTimeOffset startedAt, long sequence)
        where T : class
    {
        public Task<T?> Result { get; } = result;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public long Sequence { get; } = sequence;

        public HashSet<string> Answered { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Failed { get; set; }
    }

    /// <summary>Capacity changes of a plan under way through this client, and when (in order) the last one ended.</summary>
    private sealed class Write
    {
        public int Running { get; set; }

        public long EndedAt { get; set; }
    }
}
