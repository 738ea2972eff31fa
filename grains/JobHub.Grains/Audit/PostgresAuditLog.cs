using JobHub.Contracts.Audit;
using JobHub.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace JobHub.Grains.Audit;

/// <summary>
/// The audit log in the cluster's PostgreSQL schema (table <c>audit_log</c>), so every silo writes to and reads the same
/// log. The code only inserts and selects; the table itself refuses UPDATE, DELETE and TRUNCATE (a trigger, see
/// <see cref="AuditPostgresMigrations"/>). Sequence numbers come from an identity column: they grow, with gaps.
/// </summary>
public sealed class PostgresAuditLog : IAuditLog, IAuditLogReader
{
    private const string Insert = """
        INSERT INTO audit_log (time_ticks, actor, action, target, outcome, detail)
        VALUES (@time, @actor, @action, @target, @outcome, @detail)
        """;

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Creates the log on the cluster's database; its table is created by the silo's migrations (or on first use).</summary>
    public PostgresAuditLog(PostgresDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        _database = database;
        _time = time;
    }

    /// <inheritdoc />
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bounded = AuditFields.Bounded(record);
        await using var connection = await AuditPostgresMigrations.Tables.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Insert, connection);
        command.Parameters.Add(new NpgsqlParameter<long>("time", NpgsqlDbType.Bigint) { TypedValue = _time.GetUtcNow().UtcTicks });
        command.Parameters.Add(new NpgsqlParameter<string>("actor", NpgsqlDbType.Text) { TypedValue = bounded.Actor });
        command.Parameters.Add(new NpgsqlParameter<string>("action", NpgsqlDbType.Text) { TypedValue = bounded.Action });
        command.Parameters.Add(new NpgsqlParameter<string>("target", NpgsqlDbType.Text) { TypedValue = bounded.Target });
        command.Parameters.Add(new NpgsqlParameter<string>("outcome", NpgsqlDbType.Text) { TypedValue = bounded.Outcome });
        command.Parameters.Add(new NpgsqlParameter("detail", NpgsqlDbType.Text) { Value = (object?)bounded.Detail ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = AuditRows.Filter(query, '@');
        await using var connection = await AuditPostgresMigrations.Tables.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {AuditRows.Columns} FROM audit_log{where} ORDER BY seq DESC LIMIT @limit", connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = query.BoundedLimit + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await AuditRows.ReadPageAsync(reader, query.BoundedLimit, cancellationToken).ConfigureAwait(false);
    }
}
