namespace JobHub.Grains.Jobs.Index;

/// <summary>Settings of the SQLite job list (section <c>JobHub:JobIndex:Sqlite</c>).</summary>
public sealed class SqliteJobIndexOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:JobIndex:Sqlite";

    /// <summary>The database file (default <c>data/jobs.db</c>), apart from grain state so list queries never wait on state commits.</summary>
    public string DataSource { get; set; } = Path.Combine("data", "jobs.db");
}
