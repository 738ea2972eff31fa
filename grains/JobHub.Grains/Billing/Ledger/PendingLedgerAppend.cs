namespace JobHub.Grains.Billing.Ledger;

/// <summary>An entry waiting for the SQLite ledger's writer, and the caller waiting for its commit (true: written, false: already there).</summary>
internal sealed class PendingLedgerAppend(LedgerEntry entry)
{
    public LedgerEntry Entry { get; } = entry;

    public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
