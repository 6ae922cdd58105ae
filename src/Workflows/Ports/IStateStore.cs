namespace Seamless.Workflows.Ports;

/// <summary>
/// Small durable key-value store with optimistic concurrency, for leases, vetoes, alert dedupe and
/// the decision journal. SQLite in the Host (src/Durable), blob storage in Azure (src/Azure).
/// </summary>
public interface IStateStore
{
    /// <summary>Reads an item, or null.</summary>
    Task<StoredItem?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes an item if its current ETag equals <paramref name="expectedETag"/>; null means "only if
    /// absent". Returns the new item, or null on a concurrency conflict.
    /// </summary>
    Task<StoredItem?> TryWriteAsync(string key, string value, string? expectedETag, CancellationToken cancellationToken);

    /// <summary>Deletes an item if present (idempotent).</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Lists items whose key starts with <paramref name="prefix"/>, newest key last, at most <paramref name="limit"/> (the last ones).</summary>
    Task<IReadOnlyList<StoredItem>> ListAsync(string prefix, int limit, CancellationToken cancellationToken);
}

/// <summary>A stored item.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value (JSON).</param>
/// <param name="ETag">The opaque version.</param>
public sealed record StoredItem(string Key, string Value, string ETag);
