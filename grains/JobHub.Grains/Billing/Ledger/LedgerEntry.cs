namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// One append-only line of the billing ledger. A job's entries are numbered 1, 2, 3, ... (<see cref="Sequence"/>); the
/// pair (<see cref="JobId"/>, <see cref="Sequence"/>) is unique, so a meter that retries a write after a failure never
/// charges twice. The sum of a job's <see cref="Amount"/>s is its charge, in exact decimal arithmetic.
/// </summary>
/// <param name="JobId">The job charged.</param>
/// <param name="Sequence">1 for the job's first entry, then one more for each.</param>
/// <param name="User">The user who submitted the job (the account charged).</param>
/// <param name="Project">The project the job ran in, if any.</param>
/// <param name="NodeType">The node type the job's processes held.</param>
/// <param name="Kind">What the entry charges for.</param>
/// <param name="From">Start of the metered span (for <see cref="LedgerEntryKind.Minimum"/> and corrections: the job's end).</param>
/// <param name="To">End of the metered span.</param>
/// <param name="Seconds">Billed seconds in this entry (node-equivalents times wall seconds are in <see cref="Amount"/>); may be negative in a correction.</param>
/// <param name="Amount">The charge of this entry in the price's currency; may be negative in a correction.</param>
/// <param name="RecordedAt">When the meter wrote the entry.</param>
public sealed record LedgerEntry(
    string JobId,
    int Sequence,
    string User,
    string? Project,
    string NodeType,
    LedgerEntryKind Kind,
    DateTimeOffset From,
    DateTimeOffset To,
    long Seconds,
    decimal Amount,
    DateTimeOffset RecordedAt);
