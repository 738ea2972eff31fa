namespace JobHub.Grains.Logs;

/// <summary>Settings of the SQLite job log store (section <c>JobHub:Logs:Sqlite</c>).</summary>
public sealed class SqliteJobLogStoreOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Logs:Sqlite";

    /// <summary>
    /// The database file. Default <c>data/logs.db</c>. A separate file from grain state keeps the
    /// high-volume log writes from queueing behind state commits.
    /// </summary>
    public string DataSource { get; set; } = Path.Combine("data", "logs.db");

    /// <summary>How often a follower polls for lines written by other silos (default 1 s; lines written here wake it at once).</summary>
    public TimeSpan FollowPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
