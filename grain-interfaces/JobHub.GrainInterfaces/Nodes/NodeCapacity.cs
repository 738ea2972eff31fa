using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>Resources of a node, or a free part of it.</summary>
/// <param name="Vcpu">Virtual CPUs (may be fractional).</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="Gpus">GPUs.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.NodeCapacity")]
public sealed record NodeCapacity([Id(0)] decimal Vcpu, [Id(1)] long MemoryMiB, [Id(2)] int Gpus);
