namespace JobHub.Runtime.Sql.Migrations;

/// <summary>
/// The PostgreSQL schema, as ordered migrations (run with <c>search_path</c> set to the configured schema).
/// Grain state is <c>jsonb</c>; periods are ticks (100 ns) in a bigint; grain hashes are the unsigned 32-bit
/// ring position in a bigint so range queries compare numerically.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>The runtime's own tables (grain state, reminders, membership), recorded in <c>schema_migrations</c>.</summary>
    public static PostgresMigrationSet Runtime { get; } = new("schema_migrations",
    [
        new(1, "grain_state", """
            CREATE TABLE grain_state (
                state_name text        NOT NULL,
                grain_id   text        NOT NULL,
                payload    jsonb       NULL,
                version    bigint      NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (state_name, grain_id)
            );
            """),
        new(2, "reminders", """
            CREATE TABLE reminders (
                grain_id   text        NOT NULL,
                name       text        NOT NULL,
                grain_hash bigint      NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295),
                start_at   timestamptz NOT NULL,
                period     bigint      NOT NULL,
                version    bigint      NOT NULL,
                PRIMARY KEY (grain_id, name)
            );
            CREATE INDEX ix_reminders_grain_hash ON reminders (grain_hash);
            """),
        new(3, "membership", """
            CREATE TABLE membership_version (
                cluster_id text    NOT NULL PRIMARY KEY,
                version    integer NOT NULL,
                etag       bigint  NOT NULL
            );
            CREATE TABLE membership (
                cluster_id    text        NOT NULL,
                address       text        NOT NULL,
                host          text        NOT NULL,
                port          integer     NOT NULL,
                generation    bigint      NOT NULL,
                status        integer     NOT NULL,
                silo_name     text        NOT NULL,
                host_name     text        NOT NULL,
                gateway_port  integer     NOT NULL,
                start_time    timestamptz NOT NULL,
                iamalive_time timestamptz NOT NULL,
                suspicions    jsonb       NOT NULL,
                etag          bigint      NOT NULL,
                PRIMARY KEY (cluster_id, address)
            );
            """),
    ]);
}
