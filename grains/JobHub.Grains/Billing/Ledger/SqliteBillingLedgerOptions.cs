namespace JobHub.Grains.Billing.Ledger;

/// <summary>Settings of the SQLite billing ledger (section <c>JobHub:Billing:Ledger:Sqlite</c>).</summary>
public sealed class SqliteBillingLedgerOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Billing:Ledger:Sqlite";

    /// <summary>
    /// The database file (default <c>data/billing.db</c>). The embedded silo sets it to its grain-state file
    /// (<c>{DataDirectory}/jobhub.db</c>), whose group-commit writer then commits ledger entries together with the
    /// grain-state writes queued meanwhile (one fsync).
    /// </summary>
    public string DataSource { get; set; } = Path.Combine("data", "billing.db");

    /// <summary>
    /// A ledger file of an earlier release (default none; the embedded silo sets <c>{DataDirectory}/billing.db</c>):
    /// if it exists when the ledger is first used, its entries are copied into <see cref="DataSource"/> (an entry
    /// already there is kept) and it is renamed to <c>billing.db.imported</c>.
    /// </summary>
    public string? ImportFrom { get; set; }
}
