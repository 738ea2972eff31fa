using JobHub.Grains.Storage;
using JobHub.Storage.Postgres;

namespace JobHub.Grains.Audit;

/// <summary>
/// The audit log's table in the cluster's PostgreSQL schema, versioned on its own (history table
/// <c>audit_schema_migrations</c>) and applied by each silo at start under the schema's migration lock, so silos starting
/// together create it once. A trigger refuses every UPDATE, DELETE and TRUNCATE of <c>audit_log</c>: the table is
/// append-only for every role that is not its owner dropping the trigger on purpose.
/// </summary>
internal static class AuditPostgresMigrations
{
    /// <summary>The name of the <see cref="JobHubPostgresOptions"/> instance of the audit log.</summary>
    public const string OptionsName = "JobHub.Audit.Postgres";

    public static PostgresMigrationSet Set { get; } = new("audit_schema_migrations",
    [
        new(1, "audit_log", """
            CREATE TABLE IF NOT EXISTS audit_log (
                seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                time_ticks bigint NOT NULL,
                actor      text   NOT NULL,
                action     text   COLLATE "C" NOT NULL,
                target     text   NOT NULL,
                outcome    text   NOT NULL,
                detail     text   NULL
            );
            CREATE INDEX IF NOT EXISTS ix_audit_log_by_time ON audit_log (time_ticks);
            CREATE INDEX IF NOT EXISTS ix_audit_log_by_actor ON audit_log (actor, seq DESC);
            CREATE INDEX IF NOT EXISTS ix_audit_log_by_target ON audit_log (target, seq DESC);
            """ + PostgresAppendOnly.Triggers("audit_log", "the audit log")),
    ]);

    /// <summary>The audit log's options, migrations and connections.</summary>
    public static PostgresTables Tables { get; } = new(OptionsName, Set);
}
