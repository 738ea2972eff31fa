namespace JobHub.Grains.Jobs.Index;

/// <summary>Settings of the SQLite job list (section <c>JobHub:JobIndex:Sqlite</c>).</summary>
public sealed class SqliteJobIndexOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:JobIndex:Sqlite";

    /// <summary>
    /// The database file (default <c>data/jobs.db</c>). The embedded silo sets it to its grain-state file
    /// (<c>{DataDirectory}/jobhub.db</c>), whose group-commit writer then commits a job's row together with its grain
    /// state (one fsync); list queries never wait on commits either way (WAL).
    /// </summary>
    public string DataSource { get; set; } = Path.Combine("data", "jobs.db");

    /// <summary>
    /// A job list file of an earlier release (default none; the embedded silo sets <c>{DataDirectory}/jobs.db</c>):
    /// if it exists when the list is first used, its rows are copied into <see cref="DataSource"/> (rows already
    /// there are kept) and it is renamed to <c>jobs.db.imported</c>.
    /// </summary>
    public string? ImportFrom { get; set; }
}
