using System.Globalization;
using Seamless.Workflows.Ports;

namespace Seamless.Durable;

/// <summary>
/// <see cref="IStateStore"/> in the engine's SQLite database. The ETag is a database-wide,
/// monotonically increasing version, so a deleted and re-created key never reuses an old ETag.
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    private readonly SqliteDurableStore _store;

    internal SqliteStateStore(SqliteDurableStore store) => _store = store;

    /// <inheritdoc/>
    public Task<StoredItem?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        StoredItem? item = _store.Run(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = "SELECT value, version FROM kv WHERE key = $k";
            command.Parameters.AddWithValue("$k", key);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new StoredItem(key, reader.GetString(0), ETag(reader.GetInt64(1))) : null;
        });
        return Task.FromResult(item);
    }

    /// <inheritdoc/>
    public Task<StoredItem?> TryWriteAsync(string key, string value, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        long expected = 0;
        if (expectedETag is not null && !long.TryParse(expectedETag, NumberStyles.None, CultureInfo.InvariantCulture, out expected))
        {
            return Task.FromResult<StoredItem?>(null);
        }

        StoredItem? item = _store.RunInTransaction((c, t) =>
        {
            using var next = c.CreateCommand();
            next.Transaction = t;
            next.CommandText = "UPDATE kv_version SET value = value + 1 WHERE id = 1 RETURNING value";
            long version = (long)next.ExecuteScalar()!;

            using var write = c.CreateCommand();
            write.Transaction = t;
            write.CommandText = expectedETag is null
                ? "INSERT OR IGNORE INTO kv(key, value, version) VALUES ($k, $v, $n)"
                : "UPDATE kv SET value = $v, version = $n WHERE key = $k AND version = $e";
            write.Parameters.AddWithValue("$k", key);
            write.Parameters.AddWithValue("$v", value);
            write.Parameters.AddWithValue("$n", version);
            write.Parameters.AddWithValue("$e", expected);
            return write.ExecuteNonQuery() == 1 ? new StoredItem(key, value, ETag(version)) : null;
        });
        return Task.FromResult(item);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        _store.Run(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = "DELETE FROM kv WHERE key = $k";
            command.Parameters.AddWithValue("$k", key);
            return command.ExecuteNonQuery();
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredItem>> ListAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        List<StoredItem> items = _store.Run(c =>
        {
            using var command = c.CreateCommand();
            // An ASCII prefix also bounds the key range, so SQLite walks the primary key instead of scanning
            // the table (the purge lists many narrow prefixes); substr keeps any other prefix exact.
            string? upper = UpperBound(prefix);
            command.CommandText = upper is null
                ? "SELECT key, value, version FROM kv WHERE substr(key, 1, $len) = $p ORDER BY key DESC LIMIT $limit"
                : "SELECT key, value, version FROM kv WHERE key >= $p AND key < $u ORDER BY key DESC LIMIT $limit";
            command.Parameters.AddWithValue("$len", prefix.Length);
            command.Parameters.AddWithValue("$u", (object?)upper ?? DBNull.Value);
            command.Parameters.AddWithValue("$p", prefix);
            command.Parameters.AddWithValue("$limit", limit);
            var list = new List<StoredItem>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                list.Add(new StoredItem(reader.GetString(0), reader.GetString(1), ETag(reader.GetInt64(2))));
            }

            list.Reverse();
            return list;
        });
        return Task.FromResult<IReadOnlyList<StoredItem>>(items);
    }

    /// <summary>The smallest string above every key that starts with an ASCII <paramref name="prefix"/> (byte order); null otherwise.</summary>
    internal static string? UpperBound(string prefix)
    {
        if (prefix.Length == 0 || !System.Text.Ascii.IsValid(prefix) || prefix[^1] == '\x7f')
        {
            return null;
        }

        return string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString());
    }

    private static string ETag(long version) => version.ToString(CultureInfo.InvariantCulture);
}
