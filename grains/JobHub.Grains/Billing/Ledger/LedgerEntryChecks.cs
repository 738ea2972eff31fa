namespace JobHub.Grains.Billing.Ledger;

/// <summary>The rules every store applies to an entry before appending it, and to a query before running it.</summary>
internal static class LedgerEntryChecks
{
    /// <summary>The longest job id, user, project or node type an entry may carry.</summary>
    public const int MaxFieldLength = 200;

    /// <exception cref="ArgumentException">The entry breaks a rule; the message names the field and the rule.</exception>
    public static void ThrowIfInvalid(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Text(entry.JobId, nameof(LedgerEntry.JobId));
        Text(entry.User, nameof(LedgerEntry.User));
        Text(entry.NodeType, nameof(LedgerEntry.NodeType));
        if (entry.Project is not null)
        {
            Text(entry.Project, nameof(LedgerEntry.Project));
        }

        if (entry.Sequence < 1)
        {
            throw new ArgumentException($"{nameof(LedgerEntry.Sequence)} must be at least 1 (it was {entry.Sequence}).", nameof(entry));
        }

        if (!Enum.IsDefined(entry.Kind))
        {
            throw new ArgumentException($"{nameof(LedgerEntry.Kind)} {(int)entry.Kind} is not a {nameof(LedgerEntryKind)}.", nameof(entry));
        }

        if (entry.To < entry.From)
        {
            throw new ArgumentException($"{nameof(LedgerEntry.To)} must not be before {nameof(LedgerEntry.From)}.", nameof(entry));
        }

        if (!LedgerAmounts.IsValid(entry.Amount))
        {
            throw new ArgumentException(
                $"{nameof(LedgerEntry.Amount)} {entry.Amount} must have at most {LedgerAmounts.Decimals} decimal places and lie within ±{LedgerAmounts.MaxEntryAmount}.",
                nameof(entry));
        }
    }

    /// <exception cref="ArgumentException">The period is empty or reversed.</exception>
    public static void ThrowIfInvalid(UsageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.To <= query.From)
        {
            throw new ArgumentException($"The period's end ({query.To:O}) must be after its start ({query.From:O}).", nameof(query));
        }

        if (!Enum.IsDefined(query.GroupBy))
        {
            throw new ArgumentException($"GroupBy {(int)query.GroupBy} is not a grouping.", nameof(query));
        }
    }

    private static void Text(string value, string field)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxFieldLength)
        {
            throw new ArgumentException($"{field} must be 1 to {MaxFieldLength} characters.", field);
        }
    }
}
