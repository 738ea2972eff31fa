using JobHub.Contracts.Billing;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// The durable, append-only billing ledger (SQLite in the embedded silo, PostgreSQL in a cluster). Meters append;
/// usage reports, statements and quotas read. An entry is never changed or removed.
/// </summary>
public interface IBillingLedger
{
    /// <summary>
    /// Appends <paramref name="entry"/> durably. Idempotent on (<see cref="LedgerEntry.JobId"/>,
    /// <see cref="LedgerEntry.Sequence"/>): false (and nothing written) when that entry is already in the ledger.
    /// </summary>
    Task<bool> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Every entry of one job, by sequence.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Sums the matching entries into rows (per job, day or node type) and totals.</summary>
    Task<UsageReport> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default);

    /// <summary>The matching entries one by one, oldest first (for CSV statements), without holding them all in memory.</summary>
    IAsyncEnumerable<LedgerEntry> ReadEntriesAsync(UsageQuery query, CancellationToken cancellationToken = default);
}
