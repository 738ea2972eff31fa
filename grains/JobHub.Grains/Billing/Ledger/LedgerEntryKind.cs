namespace JobHub.Grains.Billing.Ledger;

/// <summary>What a ledger entry charges for.</summary>
public enum LedgerEntryKind
{
    /// <summary>Seconds a job's processes held their nodes (written as the job runs: each minute and at every state change).</summary>
    Usage = 0,

    /// <summary>The top-up to the per-job minimum (10 minutes by default), written when the job ends.</summary>
    Minimum = 1,

    /// <summary>
    /// A settlement after a silo failure: recovery re-derives the job's charge from its process timestamps and writes the
    /// difference from what the ledger already holds (which may be negative, never changing an earlier entry).
    /// </summary>
    Correction = 2,
}
