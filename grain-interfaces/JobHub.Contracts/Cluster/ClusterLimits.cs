namespace JobHub.Contracts.Cluster;

/// <summary>The bounds of the cluster endpoints (docs/api.md, "Cluster status and pool events").</summary>
public static class ClusterLimits
{
    /// <summary>Events answered when no limit is given.</summary>
    public const int DefaultEventLimit = 100;

    /// <summary>Most events one request may ask for (a pool keeps at most <c>JobHub:NodePools:EventsPerPool</c>).</summary>
    public const int MaxEventLimit = 1000;
}
