using JobHub.Runtime.Sql.Internal;
using JobHub.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobHub.Runtime.Sql.Sqlite;

/// <summary>
/// Grain state in SQLite. Writes and clears go through a group-commit writer (one transaction per batch); reads
/// use separate pooled connections and, thanks to WAL, never wait for the writer. ETags are row versions.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly SqliteGroupCommitWriter _writer;

    public SqliteGrainStorage(SqliteDatabase database, ILogger<SqliteGrainStorage>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _writer = new SqliteGroupCommitWriter(database, (ILogger?)logger ?? NullLogger.Instance);
    }

    public async Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        await using var connection = await _database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, version FROM grain_state WHERE state_name = @state AND grain_id = @grain AND payload IS NOT NULL;";
        command.Parameters.AddWithValue("@state", stateName);
        command.Parameters.AddWithValue("@grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GrainStateRecord(reader.GetString(0), Etags.Format(reader.GetInt64(1)))
            : null;
    }

    public async Task<string> WriteAsync(string stateName, GrainId grainId, string payloadJson, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(payloadJson);
        var etag = await _writer.EnqueueAsync(new PendingStateWrite(stateName, grainId, payloadJson, expectedEtag), cancellationToken);
        return etag!;
    }

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        return _writer.EnqueueAsync(new PendingStateWrite(stateName, grainId, null, expectedEtag), cancellationToken);
    }

    /// <summary>Stops the writer after the queued writes are committed.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>Stops the writer after the queued writes are committed, blocking until then.</summary>
    public void Dispose() => _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
