namespace JobHub.Grains.Hosting;

/// <summary>The node pool of this host's own machine (section <c>JobHub:LocalNodes</c>).</summary>
public sealed class LocalNodesOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:LocalNodes";

    /// <summary>Name of the pool, which is also the node type jobs ask for. Default <c>local</c>.</summary>
    public string PoolName { get; set; } = "local";

    /// <summary>
    /// Number of nodes (all on this machine; node ids <c>{PoolName}-1</c> …). Default 1. More nodes
    /// than one let distributed jobs be tried out locally; they share the machine's real resources.
    /// </summary>
    public int NodeCount { get; set; } = 1;

    /// <summary>vCPUs of each node. Default: this machine's processor count.</summary>
    public int VcpuPerNode { get; set; } = Environment.ProcessorCount;

    /// <summary>Memory of each node in MiB. Default: the memory this process sees.</summary>
    public long MemoryMiBPerNode { get; set; } = Math.Max(1, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024));

    /// <summary>GPUs of each node. Default 0.</summary>
    public int GpusPerNode { get; set; }

    /// <summary>
    /// Price of one node for one hour, in the currency of <c>JobHub:Billing:Currency</c> (billing, docs/billing.md). Default 0;
    /// between 0 and 10000.
    /// </summary>
    public decimal PricePerHour { get; set; }

    /// <summary>
    /// How long a node the <c>local</c> provider starts takes to come up: 0 (the default) for this host's nodes, which
    /// are already there; a few seconds to try scaling out locally (a pool in <c>JobHub:NodePools</c> with
    /// <c>Provider: local</c> and <c>MinNodes</c> below <c>MaxNodes</c>). 0 to 1 hour.
    /// </summary>
    public TimeSpan StartDelay { get; set; }
}
