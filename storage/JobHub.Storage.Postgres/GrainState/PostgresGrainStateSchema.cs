namespace JobHub.Storage.Postgres;

/// <summary>
/// The table of <see cref="PostgresGrainStorage"/>: one row per service, state name and grain id (the full
/// <c>GrainId</c>, type and key, so two grain types never share a row). The version is the ETag; a clear keeps the
/// row with a NULL payload (a tombstone) and a new version, so an old ETag never matches again.
/// </summary>
public static class PostgresGrainStateSchema
{
    /// <summary>The history table of <see cref="Migrations"/>.</summary>
    public const string HistoryTable = "grain_state_schema_migrations";

    /// <summary>The migrations, recorded in <see cref="HistoryTable"/>.</summary>
    public static PostgresMigrationSet Migrations { get; } = new(HistoryTable,
    [
        new(1, "grain_state", """
            CREATE TABLE IF NOT EXISTS grain_state (
                service_id  text        COLLATE "C" NOT NULL,
                state_name  text        COLLATE "C" NOT NULL,
                grain_id    text        COLLATE "C" NOT NULL,
                payload     bytea       NULL,
                version     bigint      NOT NULL,
                modified_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (service_id, state_name, grain_id)
            );
            """),
    ]);
}
