using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>What one process of a job reserves on its node.</summary>
/// <param name="Vcpu">Virtual CPUs; may be fractional (0.5).</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="Gpus">Whole GPUs.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ProcessResources")]
public sealed record ProcessResources([Id(0)] decimal Vcpu, [Id(1)] long MemoryMiB, [Id(2)] int Gpus = 0);
