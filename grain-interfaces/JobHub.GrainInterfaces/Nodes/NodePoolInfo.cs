using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A node pool: its node type, nodes and the jobs waiting for room.</summary>
/// <param name="NodeType">Size and price of each node.</param>
/// <param name="Nodes">Its nodes with their free resources.</param>
/// <param name="WaitingJobs">Jobs that asked for more than was free, oldest first.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.NodePoolInfo")]
public sealed record NodePoolInfo([Id(0)] NodeTypeSpec NodeType, [Id(1)] ImmutableArray<NodeAllocation> Nodes, [Id(2)] ImmutableArray<string> WaitingJobs);
