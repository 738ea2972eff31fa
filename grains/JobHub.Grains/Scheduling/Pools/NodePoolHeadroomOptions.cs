namespace JobHub.Grains.Scheduling.Pools;

/// <summary>
/// Spare capacity a pool keeps beyond what pending and placed processes reserve, so that interactive and urgent work
/// does not wait for a node to boot. Every form that is set applies; the largest requirement wins per dimension.
/// </summary>
public sealed class NodePoolHeadroomOptions
{
    /// <summary>Free vCPUs to keep. Default 0; at most 100,000.</summary>
    public int Vcpu { get; set; }

    /// <summary>Free memory to keep, in MiB. Default 0; at most 1 TiB × 100 (104,857,600).</summary>
    public long MemoryMiB { get; set; }

    /// <summary>Free GPUs to keep. Default 0; at most 10,000.</summary>
    public int Gpus { get; set; }

    /// <summary>Free capacity as a percentage of what the pool has reserved (20 keeps a fifth more). Default 0; at most 1,000.</summary>
    public int PercentOfReserved { get; set; }

    /// <summary>Whole empty nodes to keep (booted or booting). Default 0; at most the pool's <c>MaxNodes</c>.</summary>
    public int FreeNodes { get; set; }
}
