using JobHub.Grains.Billing.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace JobHub.Silo.Tests;

/// <summary>
/// Appends entries to a running embedded silo's ledger file (<c>{data}/jobhub.db</c>, which holds the ledger since it shares the grain-state file's writer) through the same SQLite store the
/// silo uses, as a meter in another process would (WAL lets both open the file): the reports then read them over HTTP.
/// </summary>
internal static class SiloLedger
{
    public static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task AppendAsync(string dataDirectory, params LedgerEntry[] entries)
    {
        await using (var ledger = new SqliteBillingLedger(Options.Create(new SqliteBillingLedgerOptions { DataSource = Path.Combine(dataDirectory, "jobhub.db") })))
        {
            foreach (var entry in entries)
            {
                Assert.True(await ledger.AppendAsync(entry), $"{entry.JobId}/{entry.Sequence} was already in the ledger");
            }
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>A usage entry of <paramref name="user"/>'s job ending <paramref name="endHours"/> after the start of November 2026.</summary>
    public static LedgerEntry Entry(string user, string job, int sequence, decimal amount, double endHours, string nodeType = "cpu-small", long seconds = 600, LedgerEntryKind kind = LedgerEntryKind.Usage)
    {
        var to = November.AddHours(endHours);
        return new LedgerEntry(job, sequence, user, null, nodeType, kind, to.AddSeconds(-Math.Max(seconds, 0)), to, seconds, amount, to);
    }
}
