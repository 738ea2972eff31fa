using JobHub.Contracts.Billing;
using JobHub.Grains.Billing.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Tests.Billing;

/// <summary>The ledger contract on a real SQLite file; the file refuses UPDATE and DELETE, and a new instance reads what an old one wrote.</summary>
public sealed class SqliteBillingLedgerTests : BillingLedgerContractTests, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-ledger-").FullName;
    private SqliteBillingLedger _ledger;

    public SqliteBillingLedgerTests() => _ledger = New();

    protected override IBillingLedger Ledger => _ledger;

    private string File => Path.Combine(_folder, "billing.db");

    [Fact]
    public async Task TheTable_RefusesUpdateAndDelete()
    {
        await _ledger.AppendAsync(Entry("job-1", 1, 1.5m));
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = File, Pooling = false }.ToString());
        await connection.OpenAsync();

        foreach (var sql in new[] { "UPDATE billing_ledger SET amount_micros = 0", "DELETE FROM billing_ledger" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1.5m, Assert.Single(await _ledger.ReadJobAsync("job-1")).Amount);
    }

    [Fact]
    public async Task Entries_SurviveReopeningTheFile()
    {
        await _ledger.AppendAsync(Entry("job-1", 1, 0.333333m));
        await _ledger.AppendAsync(Entry("job-1", 2, 0.666667m));
        await _ledger.DisposeAsync();
        SqliteConnection.ClearAllPools();

        _ledger = New();
        Assert.False(await _ledger.AppendAsync(Entry("job-1", 2, 5m)));
        Assert.True(await _ledger.AppendAsync(Entry("job-1", 3, 1m)));

        Assert.Equal([1, 2, 3], (await _ledger.ReadJobAsync("job-1")).Select(e => e.Sequence));
        var report = await _ledger.QueryUsageAsync(new UsageQuery(December, December.AddMonths(1), ["alice"], null, UsageGrouping.Job));
        Assert.Equal(2m, report.Amount);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SqliteBillingLedger New() => new(Options.Create(new SqliteBillingLedgerOptions { DataSource = File }));
}
