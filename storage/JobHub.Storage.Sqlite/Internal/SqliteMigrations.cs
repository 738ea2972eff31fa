namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// The schema of a JobHub SQLite file, as ordered migrations. Times are UTC ticks (INTEGER, 100 ns), periods are
/// ticks, grain hashes are the unsigned 32-bit ring position stored as INTEGER so range queries compare numerically.
/// </summary>
internal static class SqliteMigrations
{
    public const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at INTEGER NOT NULL
        );
        """;

    public static IReadOnlyList<Migration> All { get; } =
    [
        // A cleared record stays as a tombstone (payload NULL) so its version keeps growing.
        new(1, "orleans_grain_state", """
            CREATE TABLE grain_state (
                state_name TEXT    NOT NULL,
                grain_id   TEXT    NOT NULL,
                payload    BLOB    NULL,
                version    INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (state_name, grain_id)
            ) WITHOUT ROWID;
            """),
        new(2, "orleans_reminders", """
            CREATE TABLE reminders (
                service_id    TEXT    NOT NULL,
                grain_id      TEXT    NOT NULL,
                reminder_name TEXT    NOT NULL,
                grain_hash    INTEGER NOT NULL,
                start_at      INTEGER NOT NULL,
                period        INTEGER NOT NULL,
                version       INTEGER NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            ) WITHOUT ROWID;
            CREATE INDEX ix_reminders_ring ON reminders (service_id, grain_hash);
            """),
    ];
}
