using System.Collections.Immutable;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>The processes of one job that a pool placed on one of its nodes (their indexes, in order).</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.PoolPlacement")]
internal sealed record PoolPlacement([Id(0)] string NodeId, [Id(1)] ImmutableArray<int> Indexes);
