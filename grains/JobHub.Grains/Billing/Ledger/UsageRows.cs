using System.Collections.Immutable;
using System.Globalization;
using JobHub.Contracts.Billing;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>What the stores share in making a report: the key of an entry, the day of a time, rows in key order and totals.</summary>
internal static class UsageRows
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;

    /// <summary>The UTC day (yyyy-MM-dd) an entry counts in: the day of its <see cref="LedgerEntry.To"/>.</summary>
    public static string Day(long utcTicks) => new DateTime(utcTicks / TicksPerDay * TicksPerDay, DateTimeKind.Utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The row key of <paramref name="entry"/> under <paramref name="grouping"/>.</summary>
    public static string Key(LedgerEntry entry, UsageGrouping grouping) => grouping switch
    {
        UsageGrouping.Job => entry.JobId,
        UsageGrouping.Day => Day(entry.To.UtcTicks),
        UsageGrouping.NodeType => entry.NodeType,
        UsageGrouping.User => entry.User,
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Not a grouping."),
    };

    /// <summary>True when <paramref name="entry"/> is one <paramref name="query"/> sums (the in-memory store's filter).</summary>
    public static bool Matches(UsageQuery query, LedgerEntry entry) =>
        entry.To >= query.From && entry.To < query.To
        && (query.Users is null || query.Users.Contains(entry.User, StringComparer.Ordinal))
        && (query.NodeType is null || string.Equals(entry.NodeType, query.NodeType, StringComparison.Ordinal));

    /// <summary>The report of <paramref name="rows"/>, ordered by key (ordinal), with their totals.</summary>
    public static UsageReport Report(UsageQuery query, IEnumerable<UsageRow> rows)
    {
        var ordered = rows.OrderBy(r => r.Key, StringComparer.Ordinal).ToImmutableArray();
        return new UsageReport(
            query.From,
            query.To,
            query.GroupBy,
            ordered,
            ordered.Sum(r => r.Seconds),
            LedgerAmounts.Normalise(ordered.Aggregate(0m, (sum, r) => sum + r.Amount)));
    }

    /// <summary>The column a SQL store groups by for <paramref name="grouping"/> (days as whole days since 0001-01-01).</summary>
    public static string GroupColumn(UsageGrouping grouping) => grouping switch
    {
        UsageGrouping.Job => "job_id",
        UsageGrouping.Day => $"(to_ticks / {TicksPerDay})",
        UsageGrouping.NodeType => "node_type",
        UsageGrouping.User => "user_name",
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Not a grouping."),
    };

    /// <summary>The row key from the value a SQL store grouped by.</summary>
    public static string KeyOf(UsageGrouping grouping, object value) =>
        grouping == UsageGrouping.Day ? Day(Convert.ToInt64(value, CultureInfo.InvariantCulture) * TicksPerDay) : (string)value;
}
