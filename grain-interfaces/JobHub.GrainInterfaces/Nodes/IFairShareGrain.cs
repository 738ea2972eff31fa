using System.Collections.Immutable;
using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>
/// Fair share across pools and restarts (one grain, key <see cref="Key"/>): each pool grain hands in its users' and
/// groups' usage and gets back what they use in every other pool; the last usage of each pool is durable, so a pool
/// takes it back after a restart.
/// </summary>
[Alias("jobhub.IFairShareGrain")]
public interface IFairShareGrain : IGrainWithStringKey
{
    /// <summary>The grain's only key.</summary>
    const string Key = "cluster";

    /// <summary>Records <paramref name="pool"/>'s usage; answers every other pool's, summed per user and group, as of now.</summary>
    Task<ImmutableArray<ShareUsage>> Exchange(string pool, ImmutableArray<ShareUsage> usage);

    /// <summary>The usage <paramref name="pool"/> last handed in (empty when none).</summary>
    Task<ImmutableArray<ShareUsage>> Recall(string pool);
}
