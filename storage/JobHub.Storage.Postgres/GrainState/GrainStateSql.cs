namespace JobHub.Storage.Postgres.Internal;

/// <summary>The statements of <see cref="PostgresGrainStorage"/>.</summary>
internal static class GrainStateSql
{
    public const string Read = """
        SELECT payload, version FROM grain_state
        WHERE service_id = @service_id AND state_name = @state_name AND grain_id = @grain_id;
        """;

    /// <summary>
    /// A whole batch in one statement (keys are distinct within a batch). Each input row is a compare-and-swap on
    /// the version: with an expected version, replace payload (or clear it: NULL) if the version still matches;
    /// without one, create the row if there is none. One result row per input: the new version (NULL when the
    /// condition failed) and the version the statement's snapshot saw, for the conflict message and for a clear
    /// without a version (which succeeds when there is no row).
    /// </summary>
    public const string WriteBatch = """
        WITH w AS (
            SELECT * FROM unnest(@state_names, @grain_ids, @payloads, @expected)
                WITH ORDINALITY AS w (state_name, grain_id, payload, expected, ord)),
        replaced AS (
            UPDATE grain_state g
            SET payload = w.payload, version = g.version + 1, modified_at = now()
            FROM w
            WHERE w.expected IS NOT NULL
              AND g.service_id = @service_id AND g.state_name = w.state_name AND g.grain_id = w.grain_id
              AND g.version = w.expected
            RETURNING w.ord, g.version),
        created AS (
            INSERT INTO grain_state (service_id, state_name, grain_id, payload, version)
            SELECT @service_id, w.state_name, w.grain_id, w.payload, 1
            FROM w
            WHERE w.expected IS NULL AND w.payload IS NOT NULL
            ON CONFLICT (service_id, state_name, grain_id) DO NOTHING
            RETURNING state_name, grain_id, version)
        SELECT w.ord::integer, coalesce(r.version, c.version) AS new_version, s.version AS seen_version
        FROM w
        LEFT JOIN replaced r ON r.ord = w.ord
        LEFT JOIN created c ON c.state_name = w.state_name AND c.grain_id = w.grain_id
        LEFT JOIN grain_state s ON s.service_id = @service_id AND s.state_name = w.state_name AND s.grain_id = w.grain_id;
        """;
}
