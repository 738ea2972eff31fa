namespace JobHub.Grains.Billing.Ledger;

/// <summary>Settings of the SQLite billing ledger (section <c>JobHub:Billing:Ledger:Sqlite</c>).</summary>
public sealed class SqliteBillingLedgerOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Billing:Ledger:Sqlite";

    /// <summary>The database file (default <c>data/billing.db</c>; the silo puts it in its data folder).</summary>
    public string DataSource { get; set; } = Path.Combine("data", "billing.db");
}
