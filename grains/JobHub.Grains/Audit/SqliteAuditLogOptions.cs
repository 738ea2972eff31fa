namespace JobHub.Grains.Audit;

/// <summary>Settings of the SQLite audit log (section <c>JobHub:Audit:Sqlite</c>).</summary>
public sealed class SqliteAuditLogOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Audit:Sqlite";

    /// <summary>The database file (default <c>data/audit.db</c>; the silo puts it in its data folder).</summary>
    public string DataSource { get; set; } = Path.Combine("data", "audit.db");
}
