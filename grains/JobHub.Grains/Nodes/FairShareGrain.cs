using System.Collections.Immutable;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.FairShare;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Nodes;

/// <summary>
/// The cluster's fair share (<see cref="IFairShareGrain"/>): every pool's usage, durable, summed for the others.
/// A pool no longer configured counts for nothing.
/// </summary>
[GrainType("fairshare")]
internal sealed class FairShareGrain(
    NodeTypeCatalog catalog,
    TimeProvider time,
    [PersistentState("fairShare")] IPersistentState<FairShareState> state) : Grain, IFairShareGrain
{
    /// <inheritdoc />
    public async Task<ImmutableArray<ShareUsage>> Exchange(string pool, ImmutableArray<ShareUsage> usage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pool);
        var entries = usage.IsDefault ? [] : usage;
        if (entries.IsEmpty)
        {
            if (state.State.Pools.Remove(pool))
            {
                await state.WriteStateAsync();
            }
        }
        else
        {
            state.State.Pools[pool] = [.. entries];
            await state.WriteStateAsync();
        }

        return Elsewhere(pool);
    }

    /// <inheritdoc />
    public Task<ImmutableArray<ShareUsage>> Recall(string pool) =>
        Task.FromResult(state.State.Pools.TryGetValue(pool, out var usage) ? usage.ToImmutableArray() : []);

    /// <summary>The other configured pools' usage, decayed to now and summed per user and group.</summary>
    private ImmutableArray<ShareUsage> Elsewhere(string pool)
    {
        var now = time.GetUtcNow();
        var halfLife = catalog.PoolsOptions.FairShareHalfLife;
        var sums = new Dictionary<(string Name, bool IsGroup), (double VcpuSeconds, long Reserved)>();
        foreach (var (name, usage) in state.State.Pools)
        {
            if (string.Equals(name, pool, StringComparison.Ordinal) || catalog.FindPool(name) is null)
            {
                continue;
            }

            foreach (var entry in usage)
            {
                var projected = new DecayingUsage(halfLife, entry.At, entry.VcpuSeconds, entry.ReservedMilliVcpu).UsageAt(now);
                var sum = sums.GetValueOrDefault((entry.Name, entry.IsGroup));
                sums[(entry.Name, entry.IsGroup)] = (sum.VcpuSeconds + projected, sum.Reserved + entry.ReservedMilliVcpu);
            }
        }

        return [.. sums.Select(s => new ShareUsage(s.Key.Name, s.Key.IsGroup, s.Value.VcpuSeconds, s.Value.Reserved, now))];
    }
}
