namespace JobHub.Runtime.Sql.Migrations;

/// <summary>
/// The SQLite schema, as ordered migrations. Times are UTC ticks (INTEGER, 100 ns), periods are ticks,
/// grain hashes are the unsigned 32-bit ring position stored as INTEGER so range queries compare numerically.
/// </summary>
internal static class SqliteMigrations
{
    public const string CreateMigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at INTEGER NOT NULL
        );
        """;

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "grain_state", """
            CREATE TABLE grain_state (
                state_name TEXT    NOT NULL,
                grain_id   TEXT    NOT NULL,
                payload    TEXT    NULL,
                version    INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (state_name, grain_id)
            ) WITHOUT ROWID;
            """),
        new(2, "reminders", """
            CREATE TABLE reminders (
                grain_id   TEXT    NOT NULL,
                name       TEXT    NOT NULL,
                grain_hash INTEGER NOT NULL,
                start_at   INTEGER NOT NULL,
                period     INTEGER NOT NULL,
                version    INTEGER NOT NULL,
                PRIMARY KEY (grain_id, name)
            );
            CREATE INDEX ix_reminders_grain_hash ON reminders (grain_hash);
            """),
        new(3, "membership", """
            CREATE TABLE membership_version (
                cluster_id TEXT    NOT NULL PRIMARY KEY,
                version    INTEGER NOT NULL,
                etag       INTEGER NOT NULL
            );
            CREATE TABLE membership (
                cluster_id    TEXT    NOT NULL,
                address       TEXT    NOT NULL,
                host          TEXT    NOT NULL,
                port          INTEGER NOT NULL,
                generation    INTEGER NOT NULL,
                status        INTEGER NOT NULL,
                silo_name     TEXT    NOT NULL,
                host_name     TEXT    NOT NULL,
                gateway_port  INTEGER NOT NULL,
                start_time    INTEGER NOT NULL,
                iamalive_time INTEGER NOT NULL,
                suspicions    TEXT    NOT NULL,
                etag          INTEGER NOT NULL,
                PRIMARY KEY (cluster_id, address)
            );
            """),
    ];
}
