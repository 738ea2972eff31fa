using System.Collections.Immutable;
using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A node and what runs on it.</summary>
/// <param name="NodeId">The node id (<c>{pool}-{n}</c>).</param>
/// <param name="Pool">Its node pool.</param>
/// <param name="Processes">The processes it runs.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.NodeInfo")]
public sealed record NodeInfo([Id(0)] string NodeId, [Id(1)] string Pool, [Id(2)] ImmutableArray<NodeProcessInfo> Processes);
