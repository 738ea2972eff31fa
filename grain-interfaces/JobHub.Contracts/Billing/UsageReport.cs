using System.Collections.Immutable;

namespace JobHub.Contracts.Billing;

/// <summary>A usage report for the period [<see cref="From"/>, <see cref="To"/>): its rows and their totals.</summary>
/// <param name="From">Start of the period (inclusive).</param>
/// <param name="To">End of the period (exclusive).</param>
/// <param name="GroupBy">How <see cref="Rows"/> are grouped.</param>
/// <param name="Rows">The rows, by key.</param>
/// <param name="Seconds">Billed seconds over all rows.</param>
/// <param name="Amount">The charge over all rows, exact decimal.</param>
public sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, UsageGrouping GroupBy, ImmutableArray<UsageRow> Rows, long Seconds, decimal Amount);
