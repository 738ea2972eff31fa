using JobHub.Contracts.Billing;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// Which ledger entries a usage report sums: entries whose <see cref="LedgerEntry.To"/> lies in [<see cref="From"/>,
/// <see cref="To"/>), of the given users (null: everyone; a group filter is resolved to its members by the caller), of
/// one node type if given, grouped by <see cref="GroupBy"/>.
/// </summary>
public sealed record UsageQuery(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string>? Users,
    string? NodeType,
    UsageGrouping GroupBy);
