using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Seamless.Durable;

/// <content>Writes: activity results, episode batches, instance creation and the queue inserts they make.</content>
internal sealed partial class SqliteDurableStore
{
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
}
