using Orleans.Placement;

namespace JobHub.Benchmarks.Orleans;

/// <summary>Activated on the silo that calls it first, so a benchmark decides which silo holds which grains.</summary>
[PreferLocalPlacement]
[GrainType("bench-ping")]
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);
}
