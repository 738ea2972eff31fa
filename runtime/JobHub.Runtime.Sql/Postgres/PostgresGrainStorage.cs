using JobHub.Runtime.Sql.Internal;
using JobHub.Runtime.Storage;
using Npgsql;
using NpgsqlTypes;

namespace JobHub.Runtime.Sql.Postgres;

/// <summary>
/// Grain state in PostgreSQL (<c>jsonb</c> payload), one statement per call; each write is an atomic
/// compare-and-swap on the row version. A cleared record stays as a tombstone (payload NULL) so versions never
/// repeat for a key. Note that <c>jsonb</c> normalises the text (key order, whitespace): a read returns equivalent
/// JSON, not the same characters.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage
{
    private const string Insert = """
        INSERT INTO grain_state (state_name, grain_id, payload, version, updated_at)
        VALUES (@state, @grain, @payload, 1, @now)
        ON CONFLICT (state_name, grain_id) DO UPDATE
            SET payload = excluded.payload, version = grain_state.version + 1, updated_at = excluded.updated_at
            WHERE grain_state.payload IS NULL
        RETURNING version;
        """;

    private const string Update = """
        UPDATE grain_state SET payload = @payload, version = version + 1, updated_at = @now
        WHERE state_name = @state AND grain_id = @grain AND version = @version AND payload IS NOT NULL
        RETURNING version;
        """;

    private const string Clear = """
        UPDATE grain_state SET payload = NULL, version = version + 1, updated_at = @now
        WHERE state_name = @state AND grain_id = @grain AND version = @version AND payload IS NOT NULL
        RETURNING version;
        """;

    private readonly PostgresDatabase _database;

    public PostgresGrainStorage(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT payload::text, version FROM grain_state WHERE state_name = @state AND grain_id = @grain AND payload IS NOT NULL;", connection);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GrainStateRecord(reader.GetString(0), Etags.Format(reader.GetInt64(1)))
            : null;
    }

    public async Task<string> WriteAsync(string stateName, GrainId grainId, string payloadJson, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(payloadJson);
        long? expected = null;
        if (expectedEtag is not null)
        {
            if (!Etags.TryParse(expectedEtag, out var version))
            {
                throw await ConflictAsync(stateName, grainId, expectedEtag, cancellationToken);
            }

            expected = version;
        }

        var newVersion = await ExecuteAsync(expected is null ? Insert : Update, stateName, grainId, payloadJson, expected, cancellationToken);
        return newVersion is { } v ? Etags.Format(v) : throw await ConflictAsync(stateName, grainId, expectedEtag, cancellationToken);
    }

    public async Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        if (expectedEtag is null)
        {
            if (await CurrentEtagAsync(stateName, grainId, cancellationToken) is not null)
            {
                throw await ConflictAsync(stateName, grainId, expectedEtag, cancellationToken);
            }

            return;
        }

        if (!Etags.TryParse(expectedEtag, out var expected)
            || await ExecuteAsync(Clear, stateName, grainId, payloadJson: null, expected, cancellationToken) is null)
        {
            throw await ConflictAsync(stateName, grainId, expectedEtag, cancellationToken);
        }
    }

    private async Task<long?> ExecuteAsync(string sql, string stateName, GrainId grainId, string? payloadJson, long? version, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("grain", grainId.ToString());
        command.Parameters.AddWithValue("now", _database.TimeProvider.GetUtcNow().ToUniversalTime());
        if (payloadJson is not null)
        {
            command.Parameters.AddWithValue("payload", NpgsqlDbType.Jsonb, payloadJson);
        }

        if (version is { } v)
        {
            command.Parameters.AddWithValue("version", v);
        }

        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    private async Task<string?> CurrentEtagAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT version FROM grain_state WHERE state_name = @state AND grain_id = @grain AND payload IS NOT NULL;", connection);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("grain", grainId.ToString());
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? Etags.Format(version) : null;
    }

    private async Task<InconsistentStateException> ConflictAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken) =>
        new(stateName, grainId, expectedEtag, await CurrentEtagAsync(stateName, grainId, cancellationToken));
}
