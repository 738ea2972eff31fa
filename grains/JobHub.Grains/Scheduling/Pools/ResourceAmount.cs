using System.Globalization;
using JobHub.Contracts.Jobs;

namespace JobHub.Grains.Scheduling.Pools;

/// <summary>
/// An amount of node resources in integer units (milli-vCPU, MiB, GPUs), so that packing arithmetic is exact and
/// cheap; <see cref="ProcessResources"/> and <see cref="NodeTypeSpec"/> convert to it.
/// </summary>
/// <param name="MilliVcpu">Thousandths of a vCPU.</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="Gpus">Whole GPUs.</param>
public readonly record struct ResourceAmount(long MilliVcpu, long MemoryMiB, int Gpus)
{
    /// <summary>Nothing.</summary>
    public static ResourceAmount Zero => default;

    /// <summary>The amount one process of these resources reserves.</summary>
    public static ResourceAmount Of(ProcessResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return new ResourceAmount((long)Math.Ceiling(resources.Vcpu * 1000m), resources.MemoryMiB, resources.Gpus);
    }

    /// <summary>The size of one node of this type.</summary>
    public static ResourceAmount Of(NodeTypeSpec nodeType)
    {
        ArgumentNullException.ThrowIfNull(nodeType);
        return new ResourceAmount(nodeType.Vcpu * 1000L, nodeType.MemoryMiB, nodeType.Gpus);
    }

    /// <summary>vCPUs as a decimal number.</summary>
    public decimal Vcpu => MilliVcpu / 1000m;

    /// <summary>True when every dimension is zero or less.</summary>
    public bool IsEmpty => MilliVcpu <= 0 && MemoryMiB <= 0 && Gpus <= 0;

    /// <summary>True when <paramref name="need"/> fits in this amount in every dimension.</summary>
    public bool Holds(ResourceAmount need) => need.MilliVcpu <= MilliVcpu && need.MemoryMiB <= MemoryMiB && need.Gpus <= Gpus;

    /// <summary>How many copies of <paramref name="each"/> fit in this amount (long.MaxValue for an empty need).</summary>
    public long CopiesOf(ResourceAmount each)
    {
        var copies = long.MaxValue;
        if (each.MilliVcpu > 0)
        {
            copies = Math.Min(copies, Math.Max(0, MilliVcpu) / each.MilliVcpu);
        }

        if (each.MemoryMiB > 0)
        {
            copies = Math.Min(copies, Math.Max(0, MemoryMiB) / each.MemoryMiB);
        }

        if (each.Gpus > 0)
        {
            copies = Math.Min(copies, Math.Max(0, Gpus) / (long)each.Gpus);
        }

        return copies;
    }

    /// <summary>The larger value of each dimension.</summary>
    public static ResourceAmount Max(ResourceAmount a, ResourceAmount b) =>
        new(Math.Max(a.MilliVcpu, b.MilliVcpu), Math.Max(a.MemoryMiB, b.MemoryMiB), Math.Max(a.Gpus, b.Gpus));

    /// <summary>Multiplies each dimension (rounding up).</summary>
    public ResourceAmount Scale(double factor) =>
        new((long)Math.Ceiling(MilliVcpu * factor), (long)Math.Ceiling(MemoryMiB * factor), (int)Math.Ceiling(Gpus * factor));

    /// <summary>Sum.</summary>
    public static ResourceAmount operator +(ResourceAmount a, ResourceAmount b) => new(a.MilliVcpu + b.MilliVcpu, a.MemoryMiB + b.MemoryMiB, a.Gpus + b.Gpus);

    /// <summary>Difference.</summary>
    public static ResourceAmount operator -(ResourceAmount a, ResourceAmount b) => new(a.MilliVcpu - b.MilliVcpu, a.MemoryMiB - b.MemoryMiB, a.Gpus - b.Gpus);

    /// <summary>Sum (named alternative to the operator).</summary>
    public static ResourceAmount Add(ResourceAmount a, ResourceAmount b) => a + b;

    /// <summary>Difference (named alternative to the operator).</summary>
    public static ResourceAmount Subtract(ResourceAmount a, ResourceAmount b) => a - b;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Vcpu:0.###} vCPU, {MemoryMiB} MiB, {Gpus} GPU");
}
