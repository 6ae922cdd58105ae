using Microsoft.Extensions.Logging;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Core.Time;
using Seamless.Workflows.Ports;

namespace Seamless.Azure;

/// <summary>
/// Serves per-resource metric reads from the data-plane <c>metrics:getBatch</c> API, up to
/// <see cref="MonitorMetricsClient.MaxBatchResources"/> resources a call. The scale-in sweep evaluates every managed plan
/// each minute, and each evaluation reads its plan's window, its latest minutes and its sites' requests one resource at a
/// time: over ARM's per-resource metrics API that is several reads per plan per minute, which the subscription's read
/// limit (a bucket of 250, refilled at 25 a second, per principal) caps at a few hundred plans, and Microsoft names the
/// per-resource metrics API as the common cause of such throttling. Here a read of resource R for a window also reads, in
/// the same batch call, that window for R's peers: the resources of R's subscription, region and namespace that read the
/// same metrics recently (<see cref="PeerHorizon"/>), as every plan does in each sweep. Their own reads of that window,
/// moments later, are answered from it (for <see cref="ResultLifetime"/>, and the first read only: a read of the same
/// window again goes to Azure Monitor, as it would without batching, and brings no peers). A sweep of N plans then costs
/// about ⌈N / 50⌉ calls per kind of read instead of N.
/// A resource is batched once its region is known (the first read goes per resource and learns it from
/// <c>resourceregion</c>), and one without peers is read in a batch of its own; a batch that fails, or leaves a resource
/// out, is read per resource, as without batching. Thread-safe.
/// </summary>
public sealed class BatchingMetricsClient : IMetricsClient
{
    /// <summary>How long after its last read a resource still counts as one that reads a kind of window (its batch peers).</summary>
    public static readonly TimeSpan PeerHorizon = TimeSpan.FromMinutes(10);

    /// <summary>How long a result read for a peer answers that peer's first own read of the window.</summary>
    public static readonly TimeSpan ResultLifetime = TimeSpan.FromMinutes(1);

    private readonly IMetricsClient _inner;
    private readonly TimeProvider _clock;
    private readonly ILogger<BatchingMetricsClient> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Home> _homes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, LastRead>> _askers = [];
    private readonly Dictionary<(string Resource, string Window), BatchedRead> _results = new(ResultKeyComparer.Instance);
    private readonly Queue<((string Resource, string Window) Key, BatchedRead Entry)> _expiry = new();
    private readonly Dictionary<string, Yield> _yield = [];
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _agedAt = DateTimeOffset.MinValue;

    /// <summary>Initializes a new instance of the <see cref="BatchingMetricsClient"/> class.</summary>
    /// <param name="inner">The client that makes the calls (<see cref="MonitorMetricsClient"/>).</param>
    /// <param name="clock">The clock that ages peers and results.</param>
    /// <param name="logger">The logger.</param>
    public BatchingMetricsClient(IMetricsClient inner, TimeProvider clock, ILogger<BatchingMetricsClient> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        Task<MetricResult?>? batched = FromBatch(query);
        // The batch is carried by the work of the read that started it; on a virtual clock this read's own work does not
        // hold time still while it waits (a simulated delay of the shared call would otherwise wait for itself).
        if (batched is not null && await SimulatedClock.WaitOnAsync(_clock, batched, cancellationToken).ConfigureAwait(false) is { } result)
        {
            // Answer under the id the caller asked with (the batch may have been started by a peer).
            return result with { ResourceId = query.ResourceId };
        }

        MetricResult own = await _inner.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        Remember(query.ResourceId, own.Region);
        return own;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<MetricResult>> QueryBatchAsync(MetricBatchQuery query, CancellationToken cancellationToken) =>
        _inner.QueryBatchAsync(query, cancellationToken);

    /// <summary>
    /// The batched answer to <paramref name="query"/>: one already read or under way, or a new batch of it and its peers;
    /// null when the resource's region is not known yet (it is read per resource). A batched answer is null when the
    /// batch failed or left the resource out.
    /// </summary>
    private Task<MetricResult?>? FromBatch(MetricQuery query)
    {
        string kind = Kind(query);
        var key = (query.ResourceId, Window(query));
        DateTimeOffset now = _clock.GetUtcNow();
        List<string> ids;
        string region;
        Dictionary<string, TaskCompletionSource<MetricResult?>> pending;
        lock (_gate)
        {
            Expire(now);
            if (!_askers.TryGetValue(kind, out Dictionary<string, LastRead>? askers))
            {
                askers = new Dictionary<string, LastRead>(StringComparer.OrdinalIgnoreCase);
                _askers[kind] = askers;
            }

            var window = (query.Start, query.End);
            bool again = askers.TryGetValue(query.ResourceId, out LastRead? previous) && previous.Read(window);
            askers[query.ResourceId] = (previous ?? new LastRead()).Add(now, window);
            if (_results.Remove(key, out BatchedRead? known))
            {
                YieldOf(kind).Used++;
                // A batched result answers its resource's first read of the window only: a read of it again (waiting for
                // the last minute's late data, say) goes to Azure Monitor as it would without batching.
                return known.Result;
            }

            if (!_homes.TryGetValue(query.ResourceId, out Home? home))
            {
                return null;
            }

            region = home.Region;
            ids = [query.ResourceId];
            // A read of the window the resource read last (again: waiting for a late minute, say) brings no peers, nor does
            // a kind of read whose peers' windows went unread more often than read (each upgrade's canary windows are its
            // own; a sweep's are every plan's).
            IEnumerable<KeyValuePair<string, LastRead>> candidates = again || !YieldOf(kind).Pays
                ? []
                : askers.OrderBy(a => a.Key, StringComparer.OrdinalIgnoreCase);
            foreach (var (peer, last) in candidates)
            {
                if (ids.Count == MonitorMetricsClient.MaxBatchResources)
                {
                    break;
                }

                if (last.At >= now - PeerHorizon
                    && !last.Read(window)
                    && !string.Equals(peer, query.ResourceId, StringComparison.OrdinalIgnoreCase)
                    && _homes.TryGetValue(peer, out Home? peerHome) && peerHome == home
                    && !_results.ContainsKey((peer, key.Item2)))
                {
                    ids.Add(peer);
                }
            }

            pending = new Dictionary<string, TaskCompletionSource<MetricResult?>>(StringComparer.OrdinalIgnoreCase);
            foreach (string id in ids)
            {
                var source = new TaskCompletionSource<MetricResult?>(TaskCreationOptions.RunContinuationsAsynchronously);
                pending[id] = source;
                if (!string.Equals(id, query.ResourceId, StringComparison.OrdinalIgnoreCase))
                {
                    var entry = new BatchedRead(source.Task, now, kind);
                    _results[(id, key.Item2)] = entry;
                    _expiry.Enqueue(((id, key.Item2), entry));
                }
            }
        }

        Task<MetricResult?> mine = pending[query.ResourceId].Task;
        _ = ReadBatchAsync(query, region, ids, pending);
        return mine;
    }

    private async Task ReadBatchAsync(MetricQuery query, string region, List<string> ids, Dictionary<string, TaskCompletionSource<MetricResult?>> pending)
    {
        // Work from the moment the batch is formed (its callers wait on it without holding a virtual clock still).
        using IDisposable? work = SimulatedClock.WorkOn(_clock);
        try
        {
            // One call serves several callers, so no single caller's cancellation ends it; each caller stops waiting on its own.
            IReadOnlyList<MetricResult> results = await _inner.QueryBatchAsync(
                new MetricBatchQuery(region, ids, query.MetricNamespace, query.Names, query.Aggregations, query.Start, query.End, query.Interval, query.SplitByInstance),
                CancellationToken.None).ConfigureAwait(false);
            foreach (MetricResult result in results)
            {
                if (pending.Remove(result.ResourceId, out TaskCompletionSource<MetricResult?>? source))
                {
                    source.TrySetResult(result);
                }
            }

            if (pending.Count > 0)
            {
                Logs.MetricsBatchIncomplete(_logger, pending.Count, ids.Count);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Logs.MetricsBatchFailed(_logger, ids.Count, query.MetricNamespace, region, ex.Message);
        }
        finally
        {
            // Left out or failed: each of these reads on its own, as without batching.
            foreach (TaskCompletionSource<MetricResult?> source in pending.Values)
            {
                source.TrySetResult(null);
            }
        }
    }

    /// <summary>Records where a resource lives once a read names its region (its subscription read once, from its id).</summary>
    private void Remember(string resourceId, string? region)
    {
        if (MonitorMetricsClient.RegionName(region) is { } name && AzureResourceId.TryParse(resourceId, out _) is { } id)
        {
            lock (_gate)
            {
                _homes[resourceId] = new Home(id.SubscriptionId, name);
            }
        }
    }

    /// <summary>Drops results older than <see cref="ResultLifetime"/> and peers quiet for longer than <see cref="PeerHorizon"/>.</summary>
    private void Expire(DateTimeOffset now)
    {
        while (_expiry.TryPeek(out var oldest) && oldest.Entry.ReadAt < now - ResultLifetime)
        {
            _expiry.Dequeue();
            if (_results.TryGetValue(oldest.Key, out BatchedRead? current) && ReferenceEquals(current, oldest.Entry))
            {
                _results.Remove(oldest.Key);
                YieldOf(current.Kind).Unused++;
            }
        }

        // Quiet peers are only skipped when a batch is formed; dropping them once a minute bounds the work per read.
        if (now - _prunedAt < ResultLifetime)
        {
            return;
        }

        _prunedAt = now;
        if (now - _agedAt >= PeerHorizon)
        {
            _agedAt = now;
            foreach (Yield kindYield in _yield.Values)
            {
                kindYield.Age();
            }
        }

        foreach (Dictionary<string, LastRead> askers in _askers.Values)
        {
            foreach (string quiet in askers.Where(a => a.Value.At < now - PeerHorizon).Select(a => a.Key).ToList())
            {
                askers.Remove(quiet);
            }
        }
    }

    /// <summary>What a read asks for, whatever its window: reads of one kind are batched together.</summary>
    private static string Kind(MetricQuery query) => string.Join(
        '|',
        query.MetricNamespace.ToLowerInvariant(),
        string.Join(',', query.Names).ToLowerInvariant(),
        string.Join(',', query.Aggregations).ToLowerInvariant(),
        query.Interval.Ticks,
        query.SplitByInstance);

    /// <summary>A read's kind and window: one batched result answers exactly this.</summary>
    private static string Window(MetricQuery query) => string.Join('|', Kind(query), query.Start.UtcTicks, query.End.UtcTicks);

    private Yield YieldOf(string kind)
    {
        if (!_yield.TryGetValue(kind, out Yield? kindYield))
        {
            kindYield = new Yield();
            _yield[kind] = kindYield;
        }

        return kindYield;
    }

    /// <summary>A resource's subscription (lower-case) and region: only resources of one home share a batch.</summary>
    private sealed record Home(string Subscription, string Region);

    private sealed record BatchedRead(Task<MetricResult?> Result, DateTimeOffset ReadAt, string Kind);

    /// <summary>
    /// How often a kind's windows read for peers were then read by them, and how often they expired unread. Peers are
    /// read while unread windows number no more than read ones, plus a batch's worth (so a kind starts with peers); the
    /// counts halve every <see cref="PeerHorizon"/>, so a kind whose peers start to read together again gets them back.
    /// </summary>
    private sealed class Yield
    {
        public int Used { get; set; }

        public int Unused { get; set; }

        public bool Pays => Unused <= Used + MonitorMetricsClient.MaxBatchResources;

        public void Age()
        {
            Used /= 2;
            Unused /= 2;
        }
    }

    /// <summary>When a resource last read a kind of window, and the window.</summary>
    /// <summary>
    /// When a resource last read a kind of window, and the last few windows of that kind it read (a sweep reads two of one
    /// kind per plan: its window and its latest minutes; a peer that read either is not read it again).
    /// </summary>
    private sealed class LastRead
    {
        private const int Kept = 4;
        private readonly Queue<(DateTimeOffset Start, DateTimeOffset End)> _windows = new();

        public DateTimeOffset At { get; private set; }

        public bool Read((DateTimeOffset Start, DateTimeOffset End) window) => _windows.Contains(window);

        public LastRead Add(DateTimeOffset at, (DateTimeOffset Start, DateTimeOffset End) window)
        {
            At = at;
            if (!_windows.Contains(window))
            {
                _windows.Enqueue(window);
                if (_windows.Count > Kept)
                {
                    _windows.Dequeue();
                }
            }

            return this;
        }
    }

    private sealed class ResultKeyComparer : IEqualityComparer<(string Resource, string Window)>
    {
        public static readonly ResultKeyComparer Instance = new();

        public bool Equals((string Resource, string Window) x, (string Resource, string Window) y) =>
            string.Equals(x.Resource, y.Resource, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Window, y.Window, StringComparison.Ordinal);

        public int GetHashCode((string Resource, string Window) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Resource), StringComparer.Ordinal.GetHashCode(obj.Window));
    }
}
