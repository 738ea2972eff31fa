using System.Runtime.CompilerServices;
using JobHub.Contracts.Billing;
using JobHub.Grains.Storage;
using JobHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// The billing ledger in a SQLite file (WAL) of the embedded silo's data folder (table <c>billing_ledger</c>, see
/// <see cref="SqliteLedgerSql"/>). Every running job's meter appends, so appends go through the file's group-commit
/// writer (<see cref="SqliteSharedFile"/>), which commits whatever is queued in one transaction: on the silo the ledger
/// is in the grain-state file, so its entries share the commit (and fsync) of the grain-state writes queued meanwhile.
/// Triggers make the table refuse UPDATE and DELETE.
/// </summary>
public sealed class SqliteBillingLedger : IBillingLedger, IAsyncDisposable
{
    private readonly SqliteSharedFile _file;
    private readonly SqliteSchema _schema;

    /// <summary>Creates the ledger on a file of its own (tools, tests); the file and table are created on first use.</summary>
    public SqliteBillingLedger(IOptions<SqliteBillingLedgerOptions> options)
        : this(options, files: null, NullLogger<SqliteBillingLedger>.Instance)
    {
    }

    /// <summary>Creates the ledger on the silo's file <see cref="SqliteBillingLedgerOptions.DataSource"/>, sharing its writer with the grain storage on that file.</summary>
    public SqliteBillingLedger(IOptions<SqliteBillingLedgerOptions> options, SqliteFiles? files, ILogger<SqliteBillingLedger> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var value = options.Value;
        _file = files is null
            ? SqliteFiles.OpenStandalone(value.DataSource, Owner)
            : files.Join(value.DataSource, Owner);
        var import = string.IsNullOrEmpty(value.ImportFrom) ? null : new SqliteLegacyImport(value.ImportFrom, "billing_ledger", SqliteLedgerSql.CopiedColumns, logger);
        _schema = new SqliteSchema(() => _file.OpenAsync(), SqliteLedgerSql.Schema, import is null ? null : () => import.RunAsync(_file.FilePath));
    }

    private static string Owner => "the SQLite billing ledger";

    /// <inheritdoc />
    /// <remarks>Completes once the entry is committed (together with the others queued meanwhile).</remarks>
    public async Task<bool> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        LedgerEntryChecks.ThrowIfInvalid(entry);
        await _schema.EnsureCreatedAsync().ConfigureAwait(false);
        return await _file.WriteAsync(SqliteLedgerAppend.Instance, entry, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Commits what is queued, then leaves the file's writer.</summary>
    public ValueTask DisposeAsync() => _file.DisposeAsync();

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
        return await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
    }
}
