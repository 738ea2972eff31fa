namespace JobHub.Grains.Logs;

/// <summary>Settings of the PostgreSQL job log store (section <c>JobHub:Logs:Postgres</c>).</summary>
public sealed class PostgresJobLogStoreOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Logs:Postgres";

    /// <summary>
    /// How often a follower polls for lines written by other silos. Default 1 s; lines written through this silo
    /// wake it at once. Shorter shows other silos' lines sooner at the cost of one query per follower per poll.
    /// </summary>
    public TimeSpan FollowPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
