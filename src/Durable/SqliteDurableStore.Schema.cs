namespace Seamless.Durable;

/// <content>The schema, created on open when missing: instances, history, the message queue (timers included), the activity queue and the key-value table.</content>
internal sealed partial class SqliteDurableStore
{
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
}
