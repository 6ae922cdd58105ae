using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Seamless.Durable;

/// <content>Reads: instances, history, visible messages and queued activities.</content>
internal sealed partial class SqliteDurableStore
{
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

    /// <summary>
    /// Reads when the next message can run (an instance's messages wait for its scheduled start) in UTC ticks,
    /// or null when none is queued, and how many activities are queued or running. Answered from the last
    /// read while no transaction has run since: only a write can change it.
    /// </summary>
    public (long? NextMessageTicks, long Activities) ReadWorkSummary() => Run(c =>
    {
        if (_summaryAt == _transactions)
        {
            return _summary;
        }

        using var command = c.CreateCommand();
        command.CommandText = """
            SELECT
              (SELECT MIN(CASE WHEN s.v > m.visible_at THEN s.v ELSE m.visible_at END)
               FROM messages m
               LEFT JOIN (SELECT instance_id, MAX(visible_at) AS v FROM messages WHERE kind = $started GROUP BY instance_id) s
                 ON s.instance_id = m.instance_id),
              (SELECT COUNT(*) FROM activities)
            """;
        command.Parameters.AddWithValue("$started", (int)HistoryEventType.ExecutionStarted);
        using var reader = command.ExecuteReader();
        reader.Read();
        _summary = (reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0), reader.GetInt64(1));
        _summaryAt = _transactions;
        return _summary;
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

    public static InstanceRow? ReadInstance(SqliteConnection c, SqliteTransaction? t, string instanceId)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = InstanceSelect + " WHERE instance_id = $id";
        command.Parameters.AddWithValue("$id", instanceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadInstanceRow(reader) : null;
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
}
