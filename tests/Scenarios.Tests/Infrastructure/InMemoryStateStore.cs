using System.Globalization;
using Seamless.Workflows.Ports;

namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>
/// <see cref="IStateStore"/> in memory with the SQLite store's semantics: a store-wide version as the
/// ETag, compare-and-swap writes, prefix listing oldest key first. Remembers every key ever written, so
/// a scenario can show a lease was taken before it checks that it is gone.
/// </summary>
internal sealed class InMemoryStateStore : IStateStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, StoredItem> _items = new(StringComparer.Ordinal);
    private readonly HashSet<string> _everWritten = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Returns true when <paramref name="key"/> was written at some point.</summary>
    public bool WasWritten(string key)
    {
        lock (_gate)
        {
            return _everWritten.Contains(key);
        }
    }

    public Task<StoredItem?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_items.GetValueOrDefault(key));
        }
    }

    public Task<StoredItem?> TryWriteAsync(string key, string value, string? expectedETag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _items.GetValueOrDefault(key);
            if (current?.ETag != expectedETag)
            {
                return Task.FromResult<StoredItem?>(null);
            }

            var item = new StoredItem(key, value, (++_version).ToString(CultureInfo.InvariantCulture));
            _items[key] = item;
            _everWritten.Add(key);
            return Task.FromResult<StoredItem?>(item);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _items.Remove(key);
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<StoredItem>> ListAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var matching = _items.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
            return Task.FromResult<IReadOnlyList<StoredItem>>([.. matching.TakeLast(limit)]);
        }
    }
}
