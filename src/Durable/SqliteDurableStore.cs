using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Seamless.Durable;

/// <summary>
/// The engine's SQLite database: instances, history, message queue (orchestration work items,
/// including timers that become visible at their fire time), activity queue and the key-value
/// table behind <see cref="SqliteStateStore"/>. One connection serialised by a lock: SQLite has a
/// single writer anyway, and batching episodes into one transaction is what buys throughput.
/// </summary>
internal sealed partial class SqliteDurableStore : IDisposable
{
    internal static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private bool _disposed;

    // Every write goes through RunInTransaction, which counts it: a read that depends only on the data can be
    // answered from the last result while the count has not moved (the virtual clock asks every millisecond).
    private long _transactions;
    private long _summaryAt = -1;
    private (long? NextMessageTicks, long Activities) _summary;

    public SqliteDurableStore(string databasePath, bool fullSync)
    {
        DatabasePath = databasePath;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null)
        {
            OwnerOnlyFiles.CreateDirectory(directory);
        }

        // SQLite creates its files 0644 (less the umask) but gives -wal and -shm the database's own mode:
        // a database that exists as 0600 before SQLite opens it keeps all three owner-only.
        OwnerOnlyFiles.EnsureFile(databasePath);
        foreach (string companion in new[] { "-wal", "-shm", "-journal" })
        {
            OwnerOnlyFiles.Restrict(databasePath + companion);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();

        // WAL keeps every committed transaction across a process kill; synchronous=NORMAL in WAL mode
        // only risks the last transactions on power loss (never corruption); FULL also fsyncs each commit.
        Execute("PRAGMA journal_mode=WAL;");
        Execute(fullSync ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        Execute("PRAGMA busy_timeout=10000;");
        Execute(Schema);
    }

    public string DatabasePath { get; }

    public static long Ticks(DateTime utc) => utc.Ticks;

    public static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    public static string SerializeEvent(HistoryEvent e) => JsonSerializer.Serialize(e, EventJson);

    public static HistoryEvent DeserializeEvent(string json) => JsonSerializer.Deserialize<HistoryEvent>(json, EventJson)!;

    public T Run<T>(Func<SqliteConnection, T> work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work(_connection);
        }
    }

    public T RunInTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _transactions++;
            using var transaction = _connection.BeginTransaction(deferred: false);
            T result = work(_connection, transaction);
            transaction.Commit();
            return result;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }
}
