using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>The nodes of every pool together (ready or booting), against the cluster's cap.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ClusterNodeCount")]
public sealed record ClusterNodeCount([property: Id(0)] int Nodes, [property: Id(1)] int MaxNodes);
