using System.Runtime.CompilerServices;
using JobHub.Contracts.Billing;
using JobHub.Grains.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// The billing ledger in a SQLite file (WAL) of the embedded silo's data folder (table <c>billing_ledger</c>, see
/// <see cref="SqliteLedgerSql"/>). Every running job's meter appends, so appends go through one writer that commits
/// whatever is queued in one transaction (group commit, like the job list): one fsync for many entries under load.
/// Triggers make the table refuse UPDATE and DELETE.
/// </summary>
public sealed class SqliteBillingLedger : IBillingLedger, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SqliteSchema _schema;
    private readonly SqliteBatchWriter<LedgerEntry, bool> _writer;

    /// <summary>Creates the ledger; the file and table are created on first use.</summary>
    public SqliteBillingLedger(IOptions<SqliteBillingLedgerOptions> options, ILogger<SqliteBillingLedger>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.Value.DataSource;
        _connectionString = SqliteSchema.ConnectionStringFor(path);
        _schema = new SqliteSchema(_connectionString, SqliteLedgerSql.Schema);
        _writer = new SqliteBatchWriter<LedgerEntry, bool>("billing ledger", _connectionString, _schema, Commit, logger ?? NullLogger<SqliteBillingLedger>.Instance);
    }

    /// <inheritdoc />
    /// <remarks>Completes once the entry is committed (together with the others queued meanwhile).</remarks>
    public Task<bool> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        LedgerEntryChecks.ThrowIfInvalid(entry);
        return _writer.WriteAsync(entry, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> ReadJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteLedgerSql.Columns} FROM billing_ledger WHERE job_id = $job ORDER BY seq";
        command.Parameters.AddWithValue("$job", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<LedgerEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(LedgerRows.Read(reader, Micros));
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task<UsageReport> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        LedgerEntryChecks.ThrowIfInvalid(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var group = UsageRows.GroupColumn(query.GroupBy);
        command.CommandText = $"SELECT {group}, COUNT(DISTINCT job_id), SUM(seconds), SUM(amount_micros) FROM billing_ledger{Where(command, query)} GROUP BY {group}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<UsageRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new UsageRow(UsageRows.KeyOf(query.GroupBy, reader.GetValue(0)), reader.GetInt32(1), reader.GetInt64(2), LedgerAmounts.FromMicros(reader.GetInt64(3))));
        }

        return UsageRows.Report(query, rows);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LedgerEntry> ReadEntriesAsync(UsageQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LedgerEntryChecks.ThrowIfInvalid(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteLedgerSql.Columns} FROM billing_ledger{Where(command, query)} ORDER BY {LedgerRows.Order}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return LedgerRows.Read(reader, Micros);
        }
    }

    /// <summary>Commits what is queued, then stops the writer.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static decimal Micros(System.Data.Common.DbDataReader reader, int ordinal) => LedgerAmounts.FromMicros(reader.GetInt64(ordinal));

    /// <summary>The WHERE clause of <paramref name="query"/>, its values bound on <paramref name="command"/>.</summary>
    private static string Where(SqliteCommand command, UsageQuery query)
    {
        var where = new List<string> { "to_ticks >= $from", "to_ticks < $to" };
        command.Parameters.AddWithValue("$from", query.From.UtcTicks);
        command.Parameters.AddWithValue("$to", query.To.UtcTicks);
        if (query.Users is { Count: 1 })
        {
            where.Add("user_name = $user");
            command.Parameters.AddWithValue("$user", query.Users[0]);
        }
        else if (query.Users is not null)
        {
            // One JSON parameter, however many members a group has (SQLite bounds the number of parameters).
            where.Add("user_name IN (SELECT value FROM json_each($users))");
            command.Parameters.AddWithValue("$users", System.Text.Json.JsonSerializer.Serialize(query.Users));
        }

        if (query.NodeType is not null)
        {
            where.Add("node_type = $nodeType");
            command.Parameters.AddWithValue("$nodeType", query.NodeType);
        }

        return " WHERE " + string.Join(" AND ", where);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.EnsureCreatedAsync().ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static bool[] Commit(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<LedgerEntry> batch)
    {
        var written = new bool[batch.Count];
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteLedgerSql.Insert;
        var job = command.Parameters.Add("$job", SqliteType.Text);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var user = command.Parameters.Add("$user", SqliteType.Text);
        var project = command.Parameters.Add("$project", SqliteType.Text);
        var nodeType = command.Parameters.Add("$nodeType", SqliteType.Text);
        var kind = command.Parameters.Add("$kind", SqliteType.Integer);
        var from = command.Parameters.Add("$from", SqliteType.Integer);
        var to = command.Parameters.Add("$to", SqliteType.Integer);
        var seconds = command.Parameters.Add("$seconds", SqliteType.Integer);
        var amount = command.Parameters.Add("$amount", SqliteType.Integer);
        var recorded = command.Parameters.Add("$recorded", SqliteType.Integer);
        command.Prepare();
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch[i];
            job.Value = entry.JobId;
            seq.Value = entry.Sequence;
            user.Value = entry.User;
            project.Value = (object?)entry.Project ?? DBNull.Value;
            nodeType.Value = entry.NodeType;
            kind.Value = (int)entry.Kind;
            from.Value = entry.From.UtcTicks;
            to.Value = entry.To.UtcTicks;
            seconds.Value = entry.Seconds;
            amount.Value = LedgerAmounts.ToMicros(entry.Amount);
            recorded.Value = entry.RecordedAt.UtcTicks;
            written[i] = command.ExecuteNonQuery() == 1;
        }

        return written;
    }
}
