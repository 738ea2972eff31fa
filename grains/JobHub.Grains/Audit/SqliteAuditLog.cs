using JobHub.Contracts.Audit;
using JobHub.Grains.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Audit;

/// <summary>
/// The audit log in a SQLite file (WAL) of the embedded silo's data folder (table <c>audit_log</c>). The code only ever
/// inserts and selects, and triggers make the table refuse UPDATE and DELETE, so an entry once written stays as it is.
/// Appends are rare (identity changes), so each one takes the file's write lock in turn (one writer at a time in this process).
/// </summary>
public sealed class SqliteAuditLog : IAuditLog, IAuditLogReader, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS audit_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            time_ticks INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT NULL);
        CREATE INDEX IF NOT EXISTS audit_log_by_time ON audit_log (time_ticks);
        CREATE INDEX IF NOT EXISTS audit_log_by_actor ON audit_log (actor, seq);
        CREATE INDEX IF NOT EXISTS audit_log_by_target ON audit_log (target, seq);
        CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries are never updated'); END;
        CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries are never deleted'); END;
        """;

    private const string Insert = """
        INSERT INTO audit_log (time_ticks, actor, action, target, outcome, detail)
        VALUES ($time, $actor, $action, $target, $outcome, $detail)
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteSchema _schema;

    /// <summary>Creates the log; the file and table are created on first use.</summary>
    public SqliteAuditLog(IOptions<SqliteAuditLogOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        var path = options.Value.DataSource;
        _connectionString = SqliteSchema.ConnectionStringFor(path);
        _schema = new SqliteSchema(_connectionString, Schema);
    }

    /// <inheritdoc />
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bounded = AuditFields.Bounded(record);
        await _schema.EnsureCreatedAsync().ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = Insert;
            command.Parameters.AddWithValue("$time", _time.GetUtcNow().UtcTicks);
            command.Parameters.AddWithValue("$actor", bounded.Actor);
            command.Parameters.AddWithValue("$action", bounded.Action);
            command.Parameters.AddWithValue("$target", bounded.Target);
            command.Parameters.AddWithValue("$outcome", bounded.Outcome);
            command.Parameters.AddWithValue("$detail", (object?)bounded.Detail ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = AuditRows.Filter(query, '$');
        await _schema.EnsureCreatedAsync().ConfigureAwait(false);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AuditRows.Columns} FROM audit_log{where} ORDER BY seq DESC LIMIT $limit";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue("$" + name, value);
        }

        command.Parameters.AddWithValue("$limit", query.BoundedLimit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await AuditRows.ReadPageAsync(reader, query.BoundedLimit, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _writeLock.Dispose();
}
