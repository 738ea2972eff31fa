using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>
/// What a job needs of a node pool instead of naming one (<see cref="JobSpec.NodeType"/> left empty): JobHub picks the
/// cheapest pool whose nodes have at least these resources and carry every label, and that can hold the job.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.PoolConstraints")]
public sealed record PoolConstraints
{
    /// <summary>At least this many vCPUs per node (0 to 1,024).</summary>
    [Id(0)]
    public int MinVcpu { get; init; }

    /// <summary>At least this much memory per node, in MiB (0 to 16 TiB).</summary>
    [Id(1)]
    public long MinMemoryMiB { get; init; }

    /// <summary>At least this many GPUs per node (0 to 64).</summary>
    [Id(2)]
    public int MinGpus { get; init; }

    /// <summary>Labels the pool must carry, all of them (at most 16, each 1 to 64 characters of letters, digits, '-', '_', '.').</summary>
    [Id(3)]
    public ImmutableArray<string> Labels { get; init; } = [];
}
