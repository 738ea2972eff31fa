using System.Runtime.CompilerServices;
using JobHub.Contracts.Billing;
using JobHub.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// The billing ledger in the cluster's PostgreSQL schema (table <c>billing_ledger</c>, see
/// <see cref="BillingPostgresMigrations"/>), so every silo's meters append to and every report reads one ledger. The
/// code only inserts and selects; the table refuses UPDATE, DELETE and TRUNCATE. A repeated (job, sequence) is a no-op.
/// </summary>
public sealed class PostgresBillingLedger : IBillingLedger
{
    private const string Insert = """
        INSERT INTO billing_ledger (job_id, seq, user_name, project, node_type, kind, from_ticks, to_ticks, seconds, amount, recorded_ticks)
        VALUES (@job, @seq, @user, @project, @nodeType, @kind, @from, @to, @seconds, @amount, @recorded)
        ON CONFLICT (job_id, seq) DO NOTHING
        """;

    private static readonly string Columns = LedgerRows.Columns("amount");

    private readonly PostgresDatabase _database;

    /// <summary>Creates the ledger on the cluster's database; its table is created by the silo's migrations (or on first use).</summary>
    public PostgresBillingLedger(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async Task<bool> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        LedgerEntryChecks.ThrowIfInvalid(entry);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Insert, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("job", NpgsqlDbType.Text) { TypedValue = entry.JobId });
        command.Parameters.Add(new NpgsqlParameter<int>("seq", NpgsqlDbType.Integer) { TypedValue = entry.Sequence });
        command.Parameters.Add(new NpgsqlParameter<string>("user", NpgsqlDbType.Text) { TypedValue = entry.User });
        command.Parameters.Add(new NpgsqlParameter("project", NpgsqlDbType.Text) { Value = (object?)entry.Project ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string>("nodeType", NpgsqlDbType.Text) { TypedValue = entry.NodeType });
        command.Parameters.Add(new NpgsqlParameter<short>("kind", NpgsqlDbType.Smallint) { TypedValue = (short)entry.Kind });
        command.Parameters.Add(new NpgsqlParameter<long>("from", NpgsqlDbType.Bigint) { TypedValue = entry.From.UtcTicks });
        command.Parameters.Add(new NpgsqlParameter<long>("to", NpgsqlDbType.Bigint) { TypedValue = entry.To.UtcTicks });
        command.Parameters.Add(new NpgsqlParameter<long>("seconds", NpgsqlDbType.Bigint) { TypedValue = entry.Seconds });
        command.Parameters.Add(new NpgsqlParameter<decimal>("amount", NpgsqlDbType.Numeric) { TypedValue = entry.Amount });
        command.Parameters.Add(new NpgsqlParameter<long>("recorded", NpgsqlDbType.Bigint) { TypedValue = entry.RecordedAt.UtcTicks });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> ReadJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM billing_ledger WHERE job_id = @job ORDER BY seq", connection);
        command.Parameters.Add(new NpgsqlParameter<string>("job", NpgsqlDbType.Text) { TypedValue = jobId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<LedgerEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(LedgerRows.Read(reader, Amount));
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task<UsageReport> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        LedgerEntryChecks.ThrowIfInvalid(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        var group = UsageRows.GroupColumn(query.GroupBy);
        command.CommandText = $"SELECT {group}, COUNT(DISTINCT job_id), SUM(seconds), SUM(amount) FROM billing_ledger{Where(command, query)} GROUP BY {group}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<UsageRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new UsageRow(
                UsageRows.KeyOf(query.GroupBy, reader.GetValue(0)),
                Convert.ToInt32(reader.GetInt64(1)),
                decimal.ToInt64(reader.GetDecimal(2)),
                LedgerAmounts.Normalise(reader.GetDecimal(3))));
        }

        return UsageRows.Report(query, rows);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LedgerEntry> ReadEntriesAsync(UsageQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LedgerEntryChecks.ThrowIfInvalid(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = $"SELECT {Columns} FROM billing_ledger{Where(command, query)} ORDER BY {LedgerRows.Order}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return LedgerRows.Read(reader, Amount);
        }
    }

    private static decimal Amount(System.Data.Common.DbDataReader reader, int ordinal) => LedgerAmounts.Normalise(reader.GetDecimal(ordinal));

    /// <summary>The WHERE clause of <paramref name="query"/>, its values bound on <paramref name="command"/>.</summary>
    private static string Where(NpgsqlCommand command, UsageQuery query)
    {
        var where = new List<string> { "to_ticks >= @from", "to_ticks < @to" };
        command.Parameters.Add(new NpgsqlParameter<long>("from", NpgsqlDbType.Bigint) { TypedValue = query.From.UtcTicks });
        command.Parameters.Add(new NpgsqlParameter<long>("to", NpgsqlDbType.Bigint) { TypedValue = query.To.UtcTicks });
        if (query.Users is { Count: 1 })
        {
            where.Add("user_name = @user");
            command.Parameters.Add(new NpgsqlParameter<string>("user", NpgsqlDbType.Text) { TypedValue = query.Users[0] });
        }
        else if (query.Users is not null)
        {
            where.Add("user_name = ANY(@users)");
            command.Parameters.Add(new NpgsqlParameter<string[]>("users", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. query.Users] });
        }

        if (query.NodeType is not null)
        {
            where.Add("node_type = @nodeType");
            command.Parameters.Add(new NpgsqlParameter<string>("nodeType", NpgsqlDbType.Text) { TypedValue = query.NodeType });
        }

        return " WHERE " + string.Join(" AND ", where);
    }

    private Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => BillingPostgresMigrations.Tables.OpenAsync(_database, cancellationToken);
}
