using JobHub.Contracts.Billing;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Tests.Storage;
using Npgsql;

namespace JobHub.Grains.Tests.Billing;

/// <summary>
/// The ledger contract on the real PostgreSQL, in a schema of its own (dropped afterwards); the table refuses UPDATE,
/// DELETE and TRUNCATE, and silos starting together (several pools migrating at once) create it once and share it.
/// </summary>
public sealed class PostgresBillingLedgerTests : BillingLedgerContractTests, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new("ledger");
    private readonly PostgresBillingLedger _ledger;

    public PostgresBillingLedgerTests() => _ledger = new PostgresBillingLedger(_schema.NewDatabase());

    protected override IBillingLedger Ledger => _ledger;

    [Fact]
    public async Task TheTable_RefusesUpdateDeleteAndTruncate()
    {
        await _ledger.AppendAsync(Entry("job-1", 1, 1.5m));
        await using var connection = await _schema.NewDatabase().DataSource.OpenConnectionAsync();

        foreach (var sql in new[] { "UPDATE billing_ledger SET amount = 0", "DELETE FROM billing_ledger", "TRUNCATE billing_ledger" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(1.5m, Assert.Single(await _ledger.ReadJobAsync("job-1")).Amount);
    }

    [Fact]
    public async Task SilosStartingTogether_CreateTheTableOnce_AndShareTheLedger()
    {
        var ledgers = Enumerable.Range(0, 4).Select(_ => new PostgresBillingLedger(_schema.NewDatabase())).ToArray();

        var written = await Task.WhenAll(ledgers.Select((ledger, i) => ledger.AppendAsync(Entry("job-1", 1 + (i % 2), 0.5m))));

        Assert.Equal(2, written.Count(w => w));
        var report = await _ledger.QueryUsageAsync(new UsageQuery(December, December.AddMonths(1), null, null, UsageGrouping.Job));
        Assert.Equal(("job-1", 1m), (Assert.Single(report.Rows).Key, report.Amount));
    }

    public Task InitializeAsync() => _schema.InitializeAsync();

    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();
}
