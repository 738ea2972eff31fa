using System.Collections.Immutable;
using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>
/// Processes of one job that wait for capacity (not for a cap): <paramref name="Count"/> of <paramref name="PerProcess"/>,
/// placeable on <paramref name="Pools"/> (preferred first); <paramref name="Gang"/> when they must start together.
/// </summary>
public sealed record PendingDemand(string JobId, ImmutableArray<PoolSpec> Pools, ResourceAmount PerProcess, int Count, bool Gang);
