using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>Process <paramref name="Index"/> of a job is reserved on <paramref name="NodeId"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ProcessPlacement")]
public sealed record ProcessPlacement([Id(0)] int Index, [Id(1)] string NodeId);
