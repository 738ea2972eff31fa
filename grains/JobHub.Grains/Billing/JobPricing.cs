using JobHub.Contracts.Jobs;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Nodes;

namespace JobHub.Grains.Billing;

/// <summary>
/// What a job costs per hour and for a span of seconds (docs/billing.md). A process is charged for the share of a node
/// it reserves: the largest of its vCPU, memory and GPU shares, at most one node; a job for the sum over its processes
/// (its node-equivalents, rounded to 6 decimal places) times the node type's price per node-hour.
/// </summary>
public static class JobPricing
{
    /// <summary>The highest price of one node for one hour a node type may have.</summary>
    public const decimal MaxPricePerNodeHour = 10_000m;

    /// <summary>Decimal places of a job's node-equivalents.</summary>
    public const int NodeEquivalentDecimals = 6;

    /// <summary>The processes a job with <paramref name="spec"/> runs (master and workers).</summary>
    public static int Processes(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Mode == JobMode.Distributed && spec.Distributed is { } d ? d.Nodes * d.ProcessesPerNode : 1;
    }

    /// <summary>The share of one node of <paramref name="nodeType"/> that one process reserving <paramref name="process"/> is charged for (0 to 1).</summary>
    public static decimal NodeShare(ProcessResources process, NodeTypeSpec nodeType)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(nodeType);
        var share = Math.Max(process.Vcpu / Math.Max(1, nodeType.Vcpu), (decimal)process.MemoryMiB / Math.Max(1, nodeType.MemoryMiB));
        if (nodeType.Gpus > 0)
        {
            share = Math.Max(share, (decimal)process.Gpus / nodeType.Gpus);
        }

        return Math.Clamp(share, 0m, 1m);
    }

    /// <summary>The nodes (or fractions of nodes) a job reserves: the sum of its processes' shares, rounded to 6 places.</summary>
    public static decimal NodeEquivalents(JobSpec spec, NodeTypeSpec nodeType) => NodeEquivalents(spec, nodeType, Processes(spec));

    /// <summary>The nodes (or fractions of nodes) <paramref name="processes"/> of the job's processes reserve, rounded to 6 places.</summary>
    public static decimal NodeEquivalents(JobSpec spec, NodeTypeSpec nodeType, int processes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(nodeType);
        var perProcess = NodeShare(NodeTypeCatalog.PerProcess(spec, nodeType), nodeType);
        return Math.Round(perProcess * processes, NodeEquivalentDecimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>The job's price for one hour: node-equivalents × the node type's price per node-hour.</summary>
    public static decimal PricePerHour(JobSpec spec, NodeTypeSpec nodeType) => NodeEquivalents(spec, nodeType) * nodeType.PricePerHour;

    /// <summary>The price for one hour of <paramref name="processes"/> of the job's processes (node-equivalents rounded as for the whole job).</summary>
    public static decimal PricePerHour(JobSpec spec, NodeTypeSpec nodeType, int processes) => NodeEquivalents(spec, nodeType, processes) * nodeType.PricePerHour;

    /// <summary>
    /// The price for one hour of the master on <paramref name="nodeType"/> and <paramref name="processes"/> − 1 workers
    /// on <paramref name="workerNodeType"/> (<see cref="DistributedSpec.WorkerNodeType"/>), each part rounded as a job's.
    /// The same as <see cref="PricePerHour(JobSpec, NodeTypeSpec, int)"/> when both are one node type.
    /// </summary>
    public static decimal PricePerHour(JobSpec spec, NodeTypeSpec nodeType, NodeTypeSpec workerNodeType, int processes)
    {
        ArgumentNullException.ThrowIfNull(nodeType);
        ArgumentNullException.ThrowIfNull(workerNodeType);
        return string.Equals(nodeType.Name, workerNodeType.Name, StringComparison.Ordinal)
            ? PricePerHour(spec, nodeType, processes)
            : PricePerHour(spec, nodeType, Math.Min(processes, 1)) + PricePerHour(spec, workerNodeType, Math.Max(0, processes - 1));
    }

    /// <summary>The price of one of the job's processes for one hour (its node share × the price per node-hour, unrounded).</summary>
    public static decimal ProcessPricePerHour(JobSpec spec, NodeTypeSpec nodeType)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(nodeType);
        return NodeShare(NodeTypeCatalog.PerProcess(spec, nodeType), nodeType) * nodeType.PricePerHour;
    }

    /// <summary>
    /// The charge for <paramref name="seconds"/> at <paramref name="pricePerHour"/>, rounded to the ledger's 6 places. A
    /// meter charges cumulatively (this of all seconds so far, less what it charged already), so a job's entries sum
    /// exactly to this of its total seconds, however many entries it wrote.
    /// </summary>
    public static decimal Amount(long seconds, decimal pricePerHour) => LedgerAmounts.Round(seconds * pricePerHour / 3600m);

    /// <summary>Whole seconds in <paramref name="span"/> (a started second is not charged until it is over), never negative.</summary>
    public static long WholeSeconds(TimeSpan span) => span <= TimeSpan.Zero ? 0 : span.Ticks / TimeSpan.TicksPerSecond;
}
