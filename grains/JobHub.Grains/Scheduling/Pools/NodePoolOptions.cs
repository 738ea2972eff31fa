namespace JobHub.Grains.Scheduling.Pools;

/// <summary>One node pool in <see cref="NodePoolsOptions"/>: its node type, bounds and scaling behaviour.</summary>
public sealed class NodePoolOptions
{
    /// <summary>vCPUs per node. Default 8; 1 to 1,024.</summary>
    public int Vcpu { get; set; } = 8;

    /// <summary>Memory per node in MiB. Default 32,768; 1 to 16,777,216 (16 TiB).</summary>
    public long MemoryMiB { get; set; } = 32_768;

    /// <summary>GPUs per node. Default 0; 0 to 64.</summary>
    public int Gpus { get; set; }

    /// <summary>Price of one node for one hour in dollars. Default 0; 0 to 10,000.</summary>
    public decimal PricePerHour { get; set; }

    /// <summary>Nodes kept even when idle. Default 0; 0 to <see cref="MaxNodes"/>.</summary>
    public int MinNodes { get; set; }

    /// <summary>Most nodes the pool may have (booting ones included). Default 10; 1 to 10,000.</summary>
    public int MaxNodes { get; set; } = 10;

    /// <summary>Spare capacity kept free; default none.</summary>
    public NodePoolHeadroomOptions Headroom { get; set; } = new();

    /// <summary>
    /// How long a node must be unneeded before it is stopped. Default 10 minutes; 0 to 24 hours. Shorter saves
    /// money on bursty load, longer saves boot waits when work comes back.
    /// </summary>
    public TimeSpan ScaleDownDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A node not up this long after its start is stopped and replaced. Default 10 minutes; 10 seconds to 2 hours.</summary>
    public TimeSpan ProvisioningTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The provider's minimum billing period: a node stopped earlier is paid for this long anyway, so a node still
    /// inside it is kept while a pending or likely job can use it. Default 0 (per-second billing); at most 24 hours.
    /// </summary>
    public TimeSpan MinimumBillingPeriod { get; set; }

    /// <summary>Most nodes started in one scale-up decision (they boot in parallel). Default 100; 1 to 1,000.</summary>
    public int MaxParallelStarts { get; set; } = 100;

    /// <summary>
    /// Labels jobs select pools by (for example <c>spot</c>, <c>high-memory</c>); at most 16, each 1–64 characters of
    /// lower-case letters, digits and '-'. A <c>spot</c> pool never receives critical processes (masters, fixed workers).
    /// </summary>
    public List<string> Labels { get; set; } = [];

    /// <summary>The node provider that starts this pool's nodes: <c>simulated</c> (a simulation) or <c>local</c> (this host's nodes). Default <c>simulated</c>.</summary>
    public string Provider { get; set; } = "simulated";
}
