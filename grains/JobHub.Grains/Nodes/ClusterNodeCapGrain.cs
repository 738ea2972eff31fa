using JobHub.GrainInterfaces.Nodes;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Nodes;

/// <summary>
/// The cluster-wide node cap (<see cref="IClusterNodeCapGrain"/>). Pool counts are durable, so a pool that has not
/// reactivated since a restart still holds its nodes' share; a pool no longer configured counts for nothing.
/// </summary>
[GrainType("clusternodecap")]
internal sealed class ClusterNodeCapGrain(
    NodeTypeCatalog catalog,
    [PersistentState("clusterNodeCap")] IPersistentState<ClusterNodeCapState> state) : Grain, IClusterNodeCapGrain
{
    private int MaxNodes => catalog.PoolsOptions.MaxClusterNodes;

    /// <inheritdoc />
    public async Task<int> Claim(string pool, int nodesNow, int wanted)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(nodesNow);
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        state.State.Nodes[pool] = nodesNow;
        var granted = Math.Clamp(MaxNodes - Counted(), 0, wanted);
        state.State.Nodes[pool] = nodesNow + granted;
        await state.WriteStateAsync();
        return granted;
    }

    /// <inheritdoc />
    public async Task Report(string pool, int nodesNow)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(nodesNow);
        if (state.State.Nodes.GetValueOrDefault(pool, -1) != nodesNow)
        {
            state.State.Nodes[pool] = nodesNow;
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<ClusterNodeCount> GetCount() => Task.FromResult(new ClusterNodeCount(Counted(), MaxNodes));

    private int Counted() => state.State.Nodes.Where(p => catalog.FindPool(p.Key) is not null).Sum(p => p.Value);
}
