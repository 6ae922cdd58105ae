using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Seamless.Durable;

/// <summary>An instance row.</summary>
internal sealed record InstanceRow(
    string InstanceId,
    string Name,
    string ExecutionId,
    OrchestrationRuntimeStatus Status,
    string? Input,
    string? Output,
    string? CustomStatus,
    TaskFailureDetails? Failure,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>A queued message for an instance.</summary>
internal sealed record QueuedMessage(long Id, string InstanceId, string? ExecutionId, HistoryEvent Event);

/// <summary>A message to enqueue.</summary>
internal sealed record OutboundMessage(string InstanceId, string? ExecutionId, DateTime VisibleAt, HistoryEvent Event);

/// <summary>A queued activity.</summary>
internal sealed record ActivityWorkItem(long Id, string InstanceId, string ExecutionId, int TaskId, string Name, string? Input);

/// <summary>A child instance to create (sub-orchestration start).</summary>
internal sealed record ChildStart(string InstanceId, string Name, string? Input, string ParentInstanceId, string ParentExecutionId, int ParentTaskId);

/// <summary>Everything one episode writes; applied atomically with the others of its batch.</summary>
internal sealed class EpisodeCommit
{
    public required string InstanceId { get; init; }

    public List<long> ConsumedMessageIds { get; } = [];

    /// <summary>Gets or sets a value indicating whether only messages are consumed (dropped work item).</summary>
    public bool DropOnly { get; set; }

    public bool ResetHistory { get; set; }

    public int HistoryStart { get; set; }

    public List<HistoryEvent> AppendHistory { get; } = [];

    public string ExecutionId { get; set; } = string.Empty;

    public OrchestrationRuntimeStatus Status { get; set; }

    public bool InputChanged { get; set; }

    public string? Input { get; set; }

    public string? Output { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public bool CustomStatusSet { get; set; }

    public string? CustomStatus { get; set; }

    public List<(string Name, string? Input, int TaskId)> Activities { get; } = [];

    public List<OutboundMessage> Messages { get; } = [];

    public List<ChildStart> Children { get; } = [];
}

/// <summary>
/// The engine's SQLite database: instances, history, message queue (orchestration work items,
/// including timers that become visible at their fire time), activity queue and the key-value
/// table behind <see cref="SqliteStateStore"/>. One connection serialised by a lock: SQLite has a
/// single writer anyway, and batching episodes into one transaction is what buys throughput.
/// </summary>
internal sealed class SqliteDurableStore : IDisposable
{
    internal static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS instances(
            instance_id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            status INTEGER NOT NULL,
            input TEXT,
            output TEXT,
            custom_status TEXT,
            failure TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_instances_status ON instances(status);
        CREATE INDEX IF NOT EXISTS ix_instances_created ON instances(created_at);
        CREATE TABLE IF NOT EXISTS history(
            instance_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            event TEXT NOT NULL,
            PRIMARY KEY(instance_id, position)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS messages(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            execution_id TEXT,
            kind INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            event TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_messages_visible ON messages(visible_at);
        CREATE INDEX IF NOT EXISTS ix_messages_instance ON messages(instance_id, id);
        CREATE TABLE IF NOT EXISTS activities(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            task_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            input TEXT);
        CREATE INDEX IF NOT EXISTS ix_activities_instance ON activities(instance_id);
        CREATE TABLE IF NOT EXISTS kv(
            key TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL,
            version INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS kv_version(id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
        INSERT OR IGNORE INTO kv_version(id, value) VALUES (1, 0);
        """;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private bool _disposed;

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
            using var transaction = _connection.BeginTransaction(deferred: false);
            T result = work(_connection, transaction);
            transaction.Commit();
            return result;
        }
    }

    public InstanceRow? GetInstance(string instanceId) => Run(c => ReadInstance(c, null, instanceId));

    public List<InstanceRow> QueryInstances(OrchestrationQuery? query) => Run(c =>
    {
        using var command = c.CreateCommand();
        var where = new List<string>();
        if (query?.Statuses?.ToList() is { Count: > 0 } statuses)
        {
            where.Add($"status IN ({string.Join(',', statuses.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)))})");
        }

        if (query?.CreatedFrom is { } from)
        {
            where.Add("created_at >= $from");
            command.Parameters.AddWithValue("$from", from.UtcDateTime.Ticks);
        }

        if (query?.CreatedTo is { } to)
        {
            where.Add("created_at <= $to");
            command.Parameters.AddWithValue("$to", to.UtcDateTime.Ticks);
        }

        if (!string.IsNullOrEmpty(query?.InstanceIdPrefix))
        {
            where.Add("substr(instance_id, 1, $plen) = $prefix");
            command.Parameters.AddWithValue("$plen", query.InstanceIdPrefix.Length);
            command.Parameters.AddWithValue("$prefix", query.InstanceIdPrefix);
        }

        command.CommandText = InstanceSelect + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty) + " ORDER BY created_at, instance_id";
        var rows = new List<InstanceRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(ReadInstanceRow(reader));
        }

        return rows;
    });

    public List<HistoryEvent> GetHistory(string instanceId) => Run(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = "SELECT event FROM history WHERE instance_id = $id ORDER BY position";
        command.Parameters.AddWithValue("$id", instanceId);
        var events = new List<HistoryEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            events.Add(DeserializeEvent(reader.GetString(0)));
        }

        return events;
    });

    /// <summary>Reads visible messages of instances that can run now, in arrival order (at most <paramref name="limit"/>).</summary>
    public List<QueuedMessage> ReadVisibleMessages(DateTime now, int limit) => Run(c =>
    {
        using var command = c.CreateCommand();
        // Messages of an instance whose start is still scheduled (StartAt in the future) wait with it and
        // must not take batch slots from instances that can run now.
        command.CommandText = """
            SELECT id, instance_id, execution_id, event FROM messages
            WHERE visible_at <= $now
              AND NOT EXISTS (SELECT 1 FROM messages s WHERE s.instance_id = messages.instance_id AND s.kind = $started AND s.visible_at > $now)
            ORDER BY id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$now", now.Ticks);
        command.Parameters.AddWithValue("$started", (int)HistoryEventType.ExecutionStarted);
        command.Parameters.AddWithValue("$limit", limit);
        var list = new List<QueuedMessage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new QueuedMessage(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                DeserializeEvent(reader.GetString(3))));
        }

        return list;
    });

    public List<ActivityWorkItem> ReadActivities(int limit, long afterId) => Run(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = "SELECT id, instance_id, execution_id, task_id, name, input FROM activities WHERE id > $after ORDER BY id LIMIT $limit";
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$limit", limit);
        var list = new List<ActivityWorkItem>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new ActivityWorkItem(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return list;
    });

    /// <summary>Records an activity's result: deletes the work item and enqueues the response, atomically.</summary>
    public bool CompleteActivity(ActivityWorkItem item, HistoryEvent response, DateTime now) => RunInTransaction((c, t) =>
    {
        using var delete = c.CreateCommand();
        delete.Transaction = t;
        delete.CommandText = "DELETE FROM activities WHERE id = $id";
        delete.Parameters.AddWithValue("$id", item.Id);
        if (delete.ExecuteNonQuery() == 0)
        {
            // Purged or replaced meanwhile: the result has nowhere to go.
            return false;
        }

        InsertMessage(c, t, new OutboundMessage(item.InstanceId, item.ExecutionId, now, response));
        return true;
    });

    /// <summary>Applies a batch of episodes in one transaction.</summary>
    public void CommitEpisodes(IReadOnlyList<EpisodeCommit> commits, DateTime now) => RunInTransaction((c, t) =>
    {
        using var deleteMessage = c.CreateCommand();
        deleteMessage.Transaction = t;
        deleteMessage.CommandText = "DELETE FROM messages WHERE id = $id";
        var deleteId = deleteMessage.Parameters.Add("$id", SqliteType.Integer);

        using var insertHistory = c.CreateCommand();
        insertHistory.Transaction = t;
        insertHistory.CommandText = "INSERT INTO history(instance_id, position, event) VALUES ($i, $p, $e)";
        var hi = insertHistory.Parameters.Add("$i", SqliteType.Text);
        var hp = insertHistory.Parameters.Add("$p", SqliteType.Integer);
        var he = insertHistory.Parameters.Add("$e", SqliteType.Text);

        using var insertActivity = c.CreateCommand();
        insertActivity.Transaction = t;
        insertActivity.CommandText = "INSERT INTO activities(instance_id, execution_id, task_id, name, input) VALUES ($i, $x, $t, $n, $in)";
        var ai = insertActivity.Parameters.Add("$i", SqliteType.Text);
        var ax = insertActivity.Parameters.Add("$x", SqliteType.Text);
        var at = insertActivity.Parameters.Add("$t", SqliteType.Integer);
        var an = insertActivity.Parameters.Add("$n", SqliteType.Text);
        var ain = insertActivity.Parameters.Add("$in", SqliteType.Text);

        foreach (var commit in commits)
        {
            foreach (long id in commit.ConsumedMessageIds)
            {
                deleteId.Value = id;
                deleteMessage.ExecuteNonQuery();
            }

            if (commit.DropOnly)
            {
                continue;
            }

            if (commit.ResetHistory)
            {
                DeleteWhere(c, t, "history", commit.InstanceId);
            }

            int position = commit.HistoryStart;
            foreach (var e in commit.AppendHistory)
            {
                hi.Value = commit.InstanceId;
                hp.Value = position++;
                he.Value = SerializeEvent(e);
                insertHistory.ExecuteNonQuery();
            }

            UpdateInstance(c, t, commit, now);

            foreach (var (name, input, taskId) in commit.Activities)
            {
                ai.Value = commit.InstanceId;
                ax.Value = commit.ExecutionId;
                at.Value = taskId;
                an.Value = name;
                ain.Value = (object?)input ?? DBNull.Value;
                insertActivity.ExecuteNonQuery();
            }

            foreach (var child in commit.Children)
            {
                StartChild(c, t, child, now);
            }

            foreach (var message in commit.Messages)
            {
                InsertMessage(c, t, message);
            }
        }

        return 0;
    });

    /// <summary>Creates or replaces an instance and enqueues its ExecutionStarted; refuses a non-terminal one.</summary>
    public static bool TryCreateInstance(SqliteConnection c, SqliteTransaction t, string instanceId, string name, string? input, DateTime now, DateTime visibleAt, HistoryEvent? parent)
    {
        var existing = ReadInstance(c, t, instanceId);
        if (existing is not null && !IsTerminal(existing.Status))
        {
            return false;
        }

        if (existing is not null)
        {
            DeleteInstanceData(c, t, instanceId);
        }

        string executionId = Guid.NewGuid().ToString("N");
        using (var insert = c.CreateCommand())
        {
            insert.Transaction = t;
            insert.CommandText = """
                INSERT INTO instances(instance_id, name, execution_id, status, input, output, custom_status, failure, created_at, updated_at)
                VALUES ($id, $name, $x, $status, $input, NULL, NULL, NULL, $now, $now)
                """;
            insert.Parameters.AddWithValue("$id", instanceId);
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$x", executionId);
            insert.Parameters.AddWithValue("$status", (int)OrchestrationRuntimeStatus.Pending);
            insert.Parameters.AddWithValue("$input", (object?)input ?? DBNull.Value);
            insert.Parameters.AddWithValue("$now", now.Ticks);
            insert.ExecuteNonQuery();
        }

        var started = new HistoryEvent(HistoryEventType.ExecutionStarted, -1, now)
        {
            Name = name,
            Input = input,
            ExecutionId = executionId,
            ParentInstanceId = parent?.ParentInstanceId,
            ParentExecutionId = parent?.ParentExecutionId,
            ParentTaskId = parent?.ParentTaskId ?? -1,
        };
        InsertMessage(c, t, new OutboundMessage(instanceId, executionId, visibleAt, started));
        return true;
    }

    public static bool IsTerminal(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    public static void InsertMessage(SqliteConnection c, SqliteTransaction t, OutboundMessage message)
    {
        using var insert = c.CreateCommand();
        insert.Transaction = t;
        insert.CommandText = "INSERT INTO messages(instance_id, execution_id, kind, visible_at, event) VALUES ($i, $x, $k, $v, $e)";
        insert.Parameters.AddWithValue("$i", message.InstanceId);
        insert.Parameters.AddWithValue("$x", (object?)message.ExecutionId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$k", (int)message.Event.EventType);
        insert.Parameters.AddWithValue("$v", message.VisibleAt.Ticks);
        insert.Parameters.AddWithValue("$e", SerializeEvent(message.Event));
        insert.ExecuteNonQuery();
    }

    public static void DeleteInstanceData(SqliteConnection c, SqliteTransaction t, string instanceId)
    {
        DeleteWhere(c, t, "history", instanceId);
        DeleteWhere(c, t, "messages", instanceId);
        DeleteWhere(c, t, "activities", instanceId);
        DeleteWhere(c, t, "instances", instanceId);
    }

    public static InstanceRow? ReadInstance(SqliteConnection c, SqliteTransaction? t, string instanceId)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = InstanceSelect + " WHERE instance_id = $id";
        command.Parameters.AddWithValue("$id", instanceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadInstanceRow(reader) : null;
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

    private const string InstanceSelect =
        "SELECT instance_id, name, execution_id, status, input, output, custom_status, failure, created_at, updated_at FROM instances";

    private static InstanceRow ReadInstanceRow(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        (OrchestrationRuntimeStatus)r.GetInt32(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.IsDBNull(7) ? null : JsonSerializer.Deserialize<TaskFailureDetails>(r.GetString(7), EventJson),
        FromTicks(r.GetInt64(8)),
        FromTicks(r.GetInt64(9)));

    private static void DeleteWhere(SqliteConnection c, SqliteTransaction t, string table, string instanceId)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
#pragma warning disable CA2100 // The table name is one of four constants.
        command.CommandText = $"DELETE FROM {table} WHERE instance_id = $id";
#pragma warning restore CA2100
        command.Parameters.AddWithValue("$id", instanceId);
        command.ExecuteNonQuery();
    }

    private static void UpdateInstance(SqliteConnection c, SqliteTransaction t, EpisodeCommit commit, DateTime now)
    {
        using var update = c.CreateCommand();
        update.Transaction = t;
        var sets = new List<string> { "status = $status", "execution_id = $x", "updated_at = $now", "output = $output", "failure = $failure" };
        if (commit.InputChanged)
        {
            sets.Add("input = $input");
            update.Parameters.AddWithValue("$input", (object?)commit.Input ?? DBNull.Value);
        }

        if (commit.CustomStatusSet)
        {
            sets.Add("custom_status = $custom");
            update.Parameters.AddWithValue("$custom", (object?)commit.CustomStatus ?? DBNull.Value);
        }

#pragma warning disable CA2100 // Column list built from constants.
        update.CommandText = $"UPDATE instances SET {string.Join(", ", sets)} WHERE instance_id = $id";
#pragma warning restore CA2100
        update.Parameters.AddWithValue("$id", commit.InstanceId);
        update.Parameters.AddWithValue("$status", (int)commit.Status);
        update.Parameters.AddWithValue("$x", commit.ExecutionId);
        update.Parameters.AddWithValue("$now", now.Ticks);
        update.Parameters.AddWithValue("$output", (object?)commit.Output ?? DBNull.Value);
        update.Parameters.AddWithValue(
            "$failure",
            commit.Failure is null ? DBNull.Value : JsonSerializer.Serialize(commit.Failure, EventJson));
        update.ExecuteNonQuery();
    }

    private static void StartChild(SqliteConnection c, SqliteTransaction t, ChildStart child, DateTime now)
    {
        var parent = new HistoryEvent(HistoryEventType.ExecutionStarted, -1, now)
        {
            ParentInstanceId = child.ParentInstanceId,
            ParentExecutionId = child.ParentExecutionId,
            ParentTaskId = child.ParentTaskId,
        };
        if (!TryCreateInstance(c, t, child.InstanceId, child.Name, child.Input, now, now, parent))
        {
            var failed = new HistoryEvent(HistoryEventType.SubOrchestrationInstanceFailed, -1, now)
            {
                TaskScheduledId = child.ParentTaskId,
                FailureDetails = OrchestrationRun.Failure(
                    typeof(OrchestrationAlreadyExistsException).FullName!,
                    $"An orchestration with instance id '{child.InstanceId}' is already running."),
            };
            InsertMessage(c, t, new OutboundMessage(child.ParentInstanceId, child.ParentExecutionId, now, failed));
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
