using System.Collections.Immutable;
using JobHub.GrainInterfaces.Jobs;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A node pool: its node type, nodes and the jobs waiting for room.</summary>
/// <param name="NodeType">Size and price of each node.</param>
/// <param name="Nodes">Its nodes with their free resources.</param>
/// <param name="WaitingJobs">Jobs that asked for more than was free, oldest first.</param>
public sealed record NodePoolInfo(NodeTypeSpec NodeType, ImmutableArray<NodeAllocation> Nodes, ImmutableArray<string> WaitingJobs);
