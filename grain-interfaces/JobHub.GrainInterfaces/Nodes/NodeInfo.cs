using System.Collections.Immutable;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A node and what runs on it.</summary>
/// <param name="NodeId">The node id (<c>{pool}-{n}</c>).</param>
/// <param name="Pool">Its node pool.</param>
/// <param name="Processes">The processes it runs.</param>
public sealed record NodeInfo(string NodeId, string Pool, ImmutableArray<NodeProcessInfo> Processes);
