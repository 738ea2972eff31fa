using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>
/// The cluster-wide node cap (<c>JobHub:NodePools:MaxClusterNodes</c>) over pools that scale apart, each in its own
/// pool grain: one grain, key <see cref="Key"/>, that knows every pool's node count and admits new nodes while the sum
/// stays within the cap.
/// </summary>
[Alias("jobhub.IClusterNodeCapGrain")]
public interface IClusterNodeCapGrain : IGrainWithStringKey
{
    /// <summary>The grain's only key.</summary>
    const string Key = "cluster";

    /// <summary>
    /// <paramref name="pool"/> has <paramref name="nodesNow"/> nodes (ready or booting) and wants to start
    /// <paramref name="wanted"/> more: how many it may start (0..wanted). Those are counted as the pool's at once, so
    /// two pools scaling together cannot pass the cap.
    /// </summary>
    Task<int> Claim(string pool, int nodesNow, int wanted);

    /// <summary><paramref name="pool"/> has <paramref name="nodesNow"/> nodes (after it stopped or lost some, or on activation).</summary>
    Task Report(string pool, int nodesNow);

    /// <summary>The nodes counted against the cap, all pools together, and the cap.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ClusterNodeCount> GetCount();
}
