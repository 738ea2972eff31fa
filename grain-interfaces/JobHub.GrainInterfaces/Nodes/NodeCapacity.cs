namespace JobHub.GrainInterfaces.Nodes;

/// <summary>Resources of a node, or a free part of it.</summary>
/// <param name="Vcpu">Virtual CPUs (may be fractional).</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="Gpus">GPUs.</param>
public sealed record NodeCapacity(decimal Vcpu, long MemoryMiB, int Gpus);
