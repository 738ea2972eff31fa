using System.Runtime.CompilerServices;
using JobHub.Contracts.Billing;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// Keeps the ledger in memory, lost with the process: for tests, and the default of <c>AddJobHubGrains</c> until a
/// durable ledger is chosen (<c>UseSqliteBillingLedger</c>, <c>UsePostgresBillingLedger</c>). Same rules as the
/// durable stores: idempotent on (job, sequence), exact sums, entries never changed.
/// </summary>
public sealed class InMemoryBillingLedger : IBillingLedger
{
    private readonly Lock _lock = new();
    private readonly List<LedgerEntry> _entries = [];
    private readonly HashSet<(string JobId, int Sequence)> _keys = [];

    /// <inheritdoc />
    public Task<bool> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        LedgerEntryChecks.ThrowIfInvalid(entry);
        var stored = entry with { Amount = LedgerAmounts.Normalise(entry.Amount) };
        lock (_lock)
        {
            if (!_keys.Add((entry.JobId, entry.Sequence)))
            {
                return Task.FromResult(false);
            }

            _entries.Add(stored);
        }

        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> ReadJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        lock (_lock)
        {
            IReadOnlyList<LedgerEntry> found = [.. _entries.Where(e => e.JobId == jobId).OrderBy(e => e.Sequence)];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<UsageReport> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        LedgerEntryChecks.ThrowIfInvalid(query);
        List<LedgerEntry> matching;
        lock (_lock)
        {
            matching = [.. _entries.Where(e => UsageRows.Matches(query, e))];
        }

        var rows = matching
            .GroupBy(e => UsageRows.Key(e, query.GroupBy), StringComparer.Ordinal)
            .Select(g => new UsageRow(
                g.Key,
                g.Select(e => e.JobId).Distinct(StringComparer.Ordinal).Count(),
                g.Sum(e => e.Seconds),
                LedgerAmounts.Normalise(g.Aggregate(0m, (sum, e) => sum + e.Amount))));
        return Task.FromResult(UsageRows.Report(query, rows));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LedgerEntry> ReadEntriesAsync(UsageQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LedgerEntryChecks.ThrowIfInvalid(query);
        List<LedgerEntry> matching;
        lock (_lock)
        {
            matching = [.. _entries.Where(e => UsageRows.Matches(query, e))];
        }

        foreach (var entry in matching.OrderBy(e => e.To).ThenBy(e => e.JobId, StringComparer.Ordinal).ThenBy(e => e.Sequence))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
            await Task.Yield();
        }
    }
}
