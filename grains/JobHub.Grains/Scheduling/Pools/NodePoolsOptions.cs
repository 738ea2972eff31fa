namespace JobHub.Grains.Scheduling.Pools;

/// <summary>Node pools that scale themselves, and the scheduler's fair-share settings (section <c>JobHub:NodePools</c>).</summary>
public sealed class NodePoolsOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:NodePools";

    /// <summary>Pools by name (1–64 characters of lower-case letters, digits and '-'); at most 100 pools.</summary>
    public Dictionary<string, NodePoolOptions> Pools { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Most nodes across all pools (a cluster-wide cap on top of each pool's maximum). Default 1,000; 1 to 100,000.</summary>
    public int MaxClusterNodes { get; set; } = 1_000;

    /// <summary>
    /// Half-life of the usage fair share decays by: after this long, past use counts half. Default 1 hour; 1 minute to
    /// 30 days. Short forgets heavy users quickly; long evens out over days.
    /// </summary>
    public TimeSpan FairShareHalfLife { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Weight of a job's heaviest group in its fair-share key, relative to its owner (1). Default 0.5; 0 to 10.</summary>
    public double GroupShareWeight { get; set; } = 0.5;

    /// <summary>vCPUs one user may hold reserved at once; 0 means no cap. Default 0; at most 1,000,000.</summary>
    public int DefaultUserVcpuCap { get; set; }

    /// <summary>vCPUs one group's members may hold reserved at once; 0 means no cap. Default 0; at most 1,000,000.</summary>
    public int DefaultGroupVcpuCap { get; set; }

    /// <summary>Caps for named users (user id → vCPUs), overriding <see cref="DefaultUserVcpuCap"/>; 0 means none.</summary>
    public Dictionary<string, int> UserVcpuCaps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Caps for named groups (group → vCPUs), overriding <see cref="DefaultGroupVcpuCap"/>; 0 means none.</summary>
    public Dictionary<string, int> GroupVcpuCaps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Scaling events kept per pool (oldest dropped first). Default 500; 10 to 10,000.</summary>
    public int EventsPerPool { get; set; } = 500;

    /// <summary>How often the cluster autoscaler re-evaluates (it also runs when work arrives). Default 10 seconds; 1 second to 10 minutes.</summary>
    public TimeSpan AutoscalerInterval { get; set; } = TimeSpan.FromSeconds(10);
}
