using JobHub.Grains.Billing.Ledger;

namespace JobHub.Benchmarks.Ledger;

/// <summary>
/// The entries the benchmark fills the ledger with: <see cref="Users"/> users, each job of one user and one of
/// <see cref="NodeTypes"/> node types, <see cref="EntriesPerJob"/> one-minute entries per job, spread over the 31 days
/// of December 2026 (the month the queries ask for). Deterministic: entry i is always the same.
/// </summary>
internal static class SyntheticLedger
{
    public const int Users = 1_000;
    public const int EntriesPerJob = 20;
    public static readonly DateTimeOffset Month = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly string[] NodeTypes = ["cpu-small", "cpu-large", "gpu-a100", "mem-1tb"];

    public static string User(int index) => $"user{index:D4}";

    public static LedgerEntry Entry(long i)
    {
        var job = i / EntriesPerJob;
        var sequence = (int)(i % EntriesPerJob) + 1;
        var user = (int)(job % Users);
        var nodeType = NodeTypes[(int)(job / Users % NodeTypes.Length)];

        // Jobs start at spread-out minutes of the month; entry k covers the job's k-th minute.
        var startMinute = job * 7919 % (31 * 24 * 60 - EntriesPerJob);
        var to = Month.AddMinutes(startMinute + sequence);
        var amount = 0.000001m * (1 + (i % 5_000)); // up to 0.005 a minute, exact in micro-units
        return new LedgerEntry($"job-{job:D7}", sequence, User(user), null, nodeType, LedgerEntryKind.Usage, to.AddMinutes(-1), to, 60, amount, to);
    }
}
