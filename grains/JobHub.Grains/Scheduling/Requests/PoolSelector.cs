using System.Collections.Immutable;
using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Scheduling.Requests;

/// <summary>Which pools a job may run on: one by name, or every pool meeting the constraints.</summary>
public sealed record PoolSelector
{
    /// <summary>A pool by name; null selects by constraints.</summary>
    public string? Pool { get; init; }

    /// <summary>At least this many vCPUs per node.</summary>
    public int MinVcpu { get; init; }

    /// <summary>At least this much memory per node, in MiB.</summary>
    public long MinMemoryMiB { get; init; }

    /// <summary>At least this many GPUs per node.</summary>
    public int MinGpus { get; init; }

    /// <summary>Labels the pool must carry (all of them).</summary>
    public ImmutableArray<string> Labels { get; init; } = [];

    /// <summary>Selects the pool of that name.</summary>
    public static PoolSelector Named(string pool) => new() { Pool = pool };

    /// <summary>True when <paramref name="pool"/> satisfies this selector.</summary>
    public bool Matches(PoolSpec pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (Pool is not null)
        {
            return string.Equals(Pool, pool.Name, StringComparison.Ordinal);
        }

        return pool.NodeSize.MilliVcpu >= MinVcpu * 1000L
            && pool.NodeSize.MemoryMiB >= MinMemoryMiB
            && pool.NodeSize.Gpus >= MinGpus
            && Labels.All(pool.Labels.Contains);
    }
}
