using JobHub.Contracts.Billing;
using JobHub.Grains.Billing.Ledger;

namespace JobHub.Grains.Tests.Billing;

/// <summary>What every billing ledger does, whatever keeps it: idempotent appends, a job's entries, exact usage sums and filters.</summary>
public abstract class BillingLedgerContractTests
{
    protected static readonly DateTimeOffset December = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract IBillingLedger Ledger { get; }

    /// <summary>An entry of <paramref name="job"/> ending <paramref name="endMinutes"/> after the start of December.</summary>
    protected static LedgerEntry Entry(
        string job, int sequence, decimal amount, double endMinutes = 60, string user = "alice", string nodeType = "cpu-small", long seconds = 60,
        LedgerEntryKind kind = LedgerEntryKind.Usage, string? project = null)
    {
        var to = December.AddMinutes(endMinutes);
        return new LedgerEntry(job, sequence, user, project, nodeType, kind, to.AddSeconds(-Math.Max(seconds, 0)), to, seconds, amount, to.AddMilliseconds(5));
    }

    [Fact]
    public async Task Append_OfAnEntryAlreadyThere_IsANoOp_ReturningFalse()
    {
        Assert.True(await Ledger.AppendAsync(Entry("job-1", 1, 1.25m)));
        Assert.False(await Ledger.AppendAsync(Entry("job-1", 1, 1.25m)));
        Assert.False(await Ledger.AppendAsync(Entry("job-1", 1, 99m))); // a retried write never changes what is there
        Assert.True(await Ledger.AppendAsync(Entry("job-2", 1, 2m)));

        var entry = Assert.Single(await Ledger.ReadJobAsync("job-1"));
        Assert.Equal(1.25m, entry.Amount);
        var report = await Ledger.QueryUsageAsync(new UsageQuery(December, December.AddMonths(1), null, null, UsageGrouping.Job));
        Assert.Equal(3.25m, report.Amount);
    }

    [Fact]
    public async Task ReadJob_ReturnsItsEntriesBySequence_AsWritten()
    {
        var first = Entry("job-1", 1, 0.1m, endMinutes: 1, project: "genomics");
        var minimum = Entry("job-1", 3, 0.000001m, endMinutes: 3, kind: LedgerEntryKind.Minimum, seconds: 0);
        var correction = Entry("job-1", 2, -0.05m, endMinutes: 2, kind: LedgerEntryKind.Correction, seconds: -30);
        foreach (var entry in new[] { minimum, first, correction })
        {
            Assert.True(await Ledger.AppendAsync(entry));
        }

        await Ledger.AppendAsync(Entry("job-10", 1, 5m));

        var read = await Ledger.ReadJobAsync("job-1");

        Assert.Equal([first, correction, minimum], read);
        Assert.Empty(await Ledger.ReadJobAsync("job-unknown"));
    }

    [Fact]
    public async Task Usage_IsGroupedByJobDayNodeTypeAndUser_WithExactTotals()
    {
        // 0.1 + 0.2 is not 0.3 in floating point; a thousand micro-units are exactly 0.001.
        await Ledger.AppendAsync(Entry("job-a", 1, 0.1m, endMinutes: 10, user: "alice", nodeType: "cpu"));
        await Ledger.AppendAsync(Entry("job-a", 2, 0.2m, endMinutes: 20, user: "alice", nodeType: "cpu"));
        await Ledger.AppendAsync(Entry("job-b", 1, 1.000001m, endMinutes: 60 * 24 + 5, user: "alice", nodeType: "gpu", seconds: 120));
        for (var i = 1; i <= 1000; i++)
        {
            await Ledger.AppendAsync(Entry("job-c", i, 0.000001m, endMinutes: 60 * 24 * 2 + i, user: "bob", nodeType: "cpu", seconds: 1));
        }

        async Task<IEnumerable<(string, int, long, decimal)>> Rows(UsageGrouping grouping)
        {
            var report = await Ledger.QueryUsageAsync(new UsageQuery(December, December.AddMonths(1), null, null, grouping));
            Assert.Equal(grouping, report.GroupBy);
            Assert.Equal(1.301001m, report.Amount);
            Assert.Equal(60 + 60 + 120 + 1000, report.Seconds);
            return report.Rows.Select(r => (r.Key, r.Jobs, r.Seconds, r.Amount));
        }

        Assert.Equal([("job-a", 1, 120L, 0.3m), ("job-b", 1, 120L, 1.000001m), ("job-c", 1, 1000L, 0.001m)], await Rows(UsageGrouping.Job));
        Assert.Equal([("2026-12-01", 1, 120L, 0.3m), ("2026-12-02", 1, 120L, 1.000001m), ("2026-12-03", 1, 1000L, 0.001m)], await Rows(UsageGrouping.Day));
        Assert.Equal([("cpu", 2, 1120L, 0.301m), ("gpu", 1, 120L, 1.000001m)], await Rows(UsageGrouping.NodeType));
        Assert.Equal([("alice", 2, 240L, 1.300001m), ("bob", 1, 1000L, 0.001m)], await Rows(UsageGrouping.User));
    }

    [Fact]
    public async Task Usage_FiltersByUsersNodeTypeAndPeriod_FromInclusive_ToExclusive()
    {
        await Ledger.AppendAsync(Entry("job-a", 1, 1m, endMinutes: 0, user: "alice", nodeType: "cpu"));       // exactly at From: in
        await Ledger.AppendAsync(Entry("job-a", 2, 2m, endMinutes: 59, user: "alice", nodeType: "cpu"));
        await Ledger.AppendAsync(Entry("job-b", 1, 4m, endMinutes: 60, user: "alice", nodeType: "gpu"));      // exactly at To: out
        await Ledger.AppendAsync(Entry("job-c", 1, 8m, endMinutes: 30, user: "bob", nodeType: "gpu"));
        await Ledger.AppendAsync(Entry("job-d", 1, 16m, endMinutes: 30, user: "carol", nodeType: "cpu"));
        await Ledger.AppendAsync(Entry("job-e", 1, 32m, endMinutes: -1, user: "alice", nodeType: "cpu"));     // before From: out

        async Task<decimal> Sum(IReadOnlyList<string>? users, string? nodeType) =>
            (await Ledger.QueryUsageAsync(new UsageQuery(December, December.AddHours(1), users, nodeType, UsageGrouping.Job))).Amount;

        Assert.Equal(27m, await Sum(null, null));
        Assert.Equal(3m, await Sum(["alice"], null));
        Assert.Equal(11m, await Sum(["alice", "bob"], null));
        Assert.Equal(8m, await Sum(null, "gpu"));
        Assert.Equal(0m, await Sum(["alice"], "gpu"));
        Assert.Equal(0m, await Sum([], null)); // a group without members has no usage
        Assert.Equal(19m, await Sum(["carol", "alice", "nobody"], "cpu"));

        var empty = await Ledger.QueryUsageAsync(new UsageQuery(December.AddYears(-1), December.AddYears(-1).AddDays(1), null, null, UsageGrouping.Day));
        Assert.Empty(empty.Rows);
        Assert.Equal((0L, 0m), (empty.Seconds, empty.Amount));
        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.QueryUsageAsync(new UsageQuery(December, December, null, null, UsageGrouping.Job)));
    }

    [Fact]
    public async Task ReadEntries_StreamsTheMatchingEntries_OldestFirst()
    {
        await Ledger.AppendAsync(Entry("job-b", 1, 1m, endMinutes: 20));
        await Ledger.AppendAsync(Entry("job-a", 2, 2m, endMinutes: 10));
        await Ledger.AppendAsync(Entry("job-a", 1, 3m, endMinutes: 10));
        await Ledger.AppendAsync(Entry("job-c", 1, 4m, endMinutes: 15, user: "bob"));
        await Ledger.AppendAsync(Entry("job-d", 1, 5m, endMinutes: 24 * 60 * 40));

        var read = new List<string>();
        await foreach (var entry in Ledger.ReadEntriesAsync(new UsageQuery(December, December.AddMonths(1), ["alice"], null, UsageGrouping.Job)))
        {
            read.Add($"{entry.JobId}/{entry.Sequence}");
        }

        Assert.Equal(["job-a/1", "job-a/2", "job-b/1"], read);
    }

    [Fact]
    public async Task Append_RefusesAnAmountFinerThanMicroUnits_AndWritesNothing()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Ledger.AppendAsync(Entry("job-1", 1, 0.0000001m)));
        Assert.Contains("Amount", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.AppendAsync(Entry("job-1", 0, 1m)));
        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.AppendAsync(Entry("", 1, 1m)));

        Assert.Empty(await Ledger.ReadJobAsync("job-1"));
        Assert.True(await Ledger.AppendAsync(Entry("job-1", 1, LedgerAmounts.Round(0.0000015m))));
        Assert.Equal(0.000002m, Assert.Single(await Ledger.ReadJobAsync("job-1")).Amount);
    }

    [Fact]
    public async Task ConcurrentAppends_FromManyTasks_AreAllWrittenOnce()
    {
        const int Jobs = 16;
        const int PerJob = 40;

        // Every entry is sent twice, from different tasks: exactly one of each pair is written.
        var results = await Task.WhenAll(Enumerable.Range(0, Jobs * 2).Select(t => Task.Run(async () =>
        {
            var written = 0;
            for (var i = 1; i <= PerJob; i++)
            {
                if (await Ledger.AppendAsync(Entry($"job-{t % Jobs}", i, 0.013579m, endMinutes: i, user: $"u{t % 4}")))
                {
                    written++;
                }
            }

            return written;
        })));

        Assert.Equal(Jobs * PerJob, results.Sum());
        var report = await Ledger.QueryUsageAsync(new UsageQuery(December, December.AddMonths(1), null, null, UsageGrouping.User));
        Assert.Equal(Jobs * PerJob * 0.013579m, report.Amount);
        Assert.Equal(4, report.Rows.Length);
        Assert.All(report.Rows, r => Assert.Equal(Jobs / 4, r.Jobs));
        Assert.Equal(Enumerable.Range(1, PerJob), (await Ledger.ReadJobAsync("job-7")).Select(e => e.Sequence));
    }
}
