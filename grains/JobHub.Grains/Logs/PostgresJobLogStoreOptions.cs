namespace JobHub.Grains.Logs;

/// <summary>Settings of the PostgreSQL job log store (section <c>JobHub:Logs:Postgres</c>).</summary>
public sealed class PostgresJobLogStoreOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Logs:Postgres";

    /// <summary>
    /// How often a follower polls for new lines when no notification woke it. Default 1 s. Appends through any silo
    /// wake followers at once (LISTEN/NOTIFY), so polling only matters while the listening connection is down;
    /// shorter catches up sooner then, at the cost of one query per follower per poll.
    /// </summary>
    public TimeSpan FollowPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
