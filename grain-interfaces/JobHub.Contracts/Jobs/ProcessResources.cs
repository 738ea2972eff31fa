namespace JobHub.GrainInterfaces.Jobs;

/// <summary>What one process of a job reserves on its node.</summary>
/// <param name="Vcpu">Virtual CPUs; may be fractional (0.5).</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="Gpus">Whole GPUs.</param>
public sealed record ProcessResources(decimal Vcpu, long MemoryMiB, int Gpus = 0);
