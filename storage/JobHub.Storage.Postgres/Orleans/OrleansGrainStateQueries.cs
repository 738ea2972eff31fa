namespace JobHub.Storage.Postgres.Internal;

/// <summary>
/// Our table for Orleans' ADO.NET grain storage and its query rows. Rows are keyed by service, state name (the
/// provider's "grain type" argument) and grain key (two 64-bit parts and a string extension, empty when absent);
/// the version is the ETag. A clear keeps the row with a NULL payload and a new version, so an old ETag never
/// matches again. Every write answers one row: the new version, or NULL when the caller's ETag was stale.
/// </summary>
internal static class OrleansGrainStateQueries
{
    public const string Tables = """
        CREATE TABLE IF NOT EXISTS orleans_grain_state (
            service_id    text        COLLATE "C" NOT NULL,
            state_name    text        COLLATE "C" NOT NULL,
            grain_key_n0  bigint      NOT NULL,
            grain_key_n1  bigint      NOT NULL,
            grain_key_ext text        COLLATE "C" NOT NULL,
            payload       bytea       NULL,
            version       integer     NOT NULL,
            modified_at   timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (service_id, state_name, grain_key_n0, grain_key_n1, grain_key_ext)
        );
        """;

    private const string ThisState = """
        service_id = @ServiceId AND state_name = @GrainTypeString
          AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
          AND grain_key_ext = coalesce(@GrainIdExtensionString, '')
        """;

    public static IReadOnlyDictionary<string, string> Queries { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ReadFromStorageKey"] = $"""
            SELECT payload AS "PayloadBinary", version AS "Version"
            FROM orleans_grain_state
            WHERE {ThisState};
            """,

        // With a version: replace the payload if it still matches. Without one: create the row if there is none.
        ["WriteToStorageKey"] = $"""
            WITH replaced AS (
                UPDATE orleans_grain_state
                SET payload = @PayloadBinary, version = version + 1, modified_at = now()
                WHERE @GrainStateVersion IS NOT NULL AND {ThisState} AND version = @GrainStateVersion
                RETURNING version),
            created AS (
                INSERT INTO orleans_grain_state (service_id, state_name, grain_key_n0, grain_key_n1, grain_key_ext, payload, version)
                SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''), @PayloadBinary, 1
                WHERE @GrainStateVersion IS NULL
                ON CONFLICT (service_id, state_name, grain_key_n0, grain_key_n1, grain_key_ext) DO NOTHING
                RETURNING version)
            SELECT (SELECT version FROM replaced UNION ALL SELECT version FROM created LIMIT 1) AS "NewGrainStateVersion";
            """,

        // Leaves a tombstone at a new version.
        ["ClearStorageKey"] = $"""
            WITH cleared AS (
                UPDATE orleans_grain_state
                SET payload = NULL, version = version + 1, modified_at = now()
                WHERE {ThisState} AND version = @GrainStateVersion
                RETURNING version)
            SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion";
            """,
    };
}
