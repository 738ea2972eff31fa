using System.Collections.Immutable;
using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Hosting;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Scheduling.Requests;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Nodes;

/// <summary>
/// The node pools (node types) this cluster knows: those of <c>JobHub:NodePools</c>, or, when none is configured, one
/// pool of <see cref="LocalNodesOptions"/>'s nodes with <c>MinNodes = MaxNodes = NodeCount</c>, up from the start.
/// </summary>
public sealed class NodeTypeCatalog
{
    private readonly LocalNodesOptions _local;

    /// <summary>Builds the catalog from the local nodes' options alone (the default pool).</summary>
    public NodeTypeCatalog(IOptions<LocalNodesOptions> local)
        : this(local, Options.Create(new NodePoolsOptions()))
    {
    }

    /// <summary>Builds the catalog from the configured pools, or the default pool of the local nodes when there are none.</summary>
    public NodeTypeCatalog(IOptions<LocalNodesOptions> local, IOptions<NodePoolsOptions> pools)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(pools);
        _local = local.Value;
        var configured = pools.Value;
        IsDefault = configured.Pools.Count == 0;
        Pools = IsDefault ? [DefaultPool(_local)] : PoolSpec.AllFrom(configured);
        NodeTypes = [.. Pools.Select(p => p.NodeType)];
        PoolsOptions = configured;
    }

    /// <summary>Every node type.</summary>
    public IReadOnlyCollection<NodeTypeSpec> NodeTypes { get; }

    /// <summary>Every pool, by name.</summary>
    public ImmutableArray<PoolSpec> Pools { get; }

    /// <summary>
    /// True when no pool is configured: the one pool is this host's <c>NodeCount</c> nodes, ready from the start, as
    /// before node pools scaled.
    /// </summary>
    public bool IsDefault { get; }

    /// <summary>The pool settings (fair share, caps, events, autoscaler interval).</summary>
    public NodePoolsOptions PoolsOptions { get; }

    /// <summary>The pool of that name, or null.</summary>
    public PoolSpec? FindPool(string name) => Pools.FirstOrDefault(pool => string.Equals(pool.Name, name, StringComparison.Ordinal));

    /// <summary>The pool made of this host's nodes when none is configured.</summary>
    public static PoolSpec DefaultPool(LocalNodesOptions local)
    {
        ArgumentNullException.ThrowIfNull(local);
        return new PoolSpec
        {
            Name = local.PoolName,
            NodeSize = new ResourceAmount(local.VcpuPerNode * 1000L, local.MemoryMiBPerNode, local.GpusPerNode),
            PricePerHour = local.PricePerHour,
            MinNodes = local.NodeCount,
            MaxNodes = local.NodeCount,
            Provider = "local",
        };
    }

    /// <summary>The node type of that name, or null.</summary>
    public NodeTypeSpec? Find(string name) => NodeTypes.FirstOrDefault(type => string.Equals(type.Name, name, StringComparison.Ordinal));

    /// <summary>The nodes of the default pool (<c>{pool}-1</c> …), up from the start; empty for any other pool (its nodes come and go).</summary>
    public IReadOnlyList<string> NodeIds(string pool) =>
        IsDefault && string.Equals(pool, _local.PoolName, StringComparison.Ordinal)
            ? Enumerable.Range(1, _local.NodeCount).Select(n => string.Create(CultureInfo.InvariantCulture, $"{pool}-{n}")).ToArray()
            : [];

    /// <summary>
    /// The node type (pool) of the job's workers: <see cref="DistributedSpec.WorkerNodeType"/> for an elastic job that
    /// names one, else the job's own.
    /// </summary>
    public static string WorkerNodeTypeOf(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec is { Mode: JobMode.Distributed, Distributed: { Pool: WorkerPoolKind.Elastic, WorkerNodeType: { } workerNodeType } }
            ? workerNodeType
            : spec.NodeType;
    }

    /// <summary>True when the job's workers run on another pool than its master (<see cref="WorkerNodeTypeOf"/>).</summary>
    public static bool HasWorkerPool(JobSpec spec) => !string.Equals(WorkerNodeTypeOf(spec), spec.NodeType, StringComparison.Ordinal);

    /// <summary>What one process of a job with this spec reserves: explicit resources, or an equal share of a node.</summary>
    public static ProcessResources PerProcess(JobSpec spec, NodeTypeSpec nodeType)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(nodeType);
        if (spec.ProcessResources is { } explicitResources)
        {
            return explicitResources;
        }

        var perNode = spec.Distributed?.ProcessesPerNode ?? 1;
        return new ProcessResources((decimal)nodeType.Vcpu / perNode, nodeType.MemoryMiB / perNode, nodeType.Gpus / perNode);
    }

    /// <summary>A node type's size as a capacity.</summary>
    public static NodeCapacity CapacityOf(NodeTypeSpec nodeType)
    {
        ArgumentNullException.ThrowIfNull(nodeType);
        return new NodeCapacity(nodeType.Vcpu, nodeType.MemoryMiB, nodeType.Gpus);
    }

    /// <summary>
    /// What one process reserves in the scheduler's units: vCPUs rounded down to a thousandth, so that equal shares of
    /// a node (a third of 4 vCPU) still fit it together.
    /// </summary>
    public static ResourceAmount AmountOf(ProcessResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return new ResourceAmount((long)decimal.Floor(resources.Vcpu * 1000m), resources.MemoryMiB, resources.Gpus);
    }

    /// <summary>
    /// The submit-time misfit check (<see cref="MisfitCheck"/>): null when the job's pool (and its workers' pool) can
    /// hold it once nodes are free; else the field to blame (<c>nodeType</c> for a spot pool, which never holds a
    /// master; <c>processResources</c> for a process no node holds, <c>distributed.nodes</c> for a fixed pool whose
    /// processes, all started together, do not fit the pool at its maximum size; <c>distributed.workerNodeType</c> for a
    /// worker no node of the workers' pool holds) and why.
    /// </summary>
    public (string Field, string Message)? MisfitProblem(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (FindPool(spec.NodeType) is not { } pool)
        {
            return null; // an unknown node type is the validator's to report
        }

        if (pool.IsSpot)
        {
            // A job runs on one pool, and its master (a fixed pool's workers too) must not be lost to an interruption.
            return ("nodeType", $"Pool '{pool.Name}' is labelled spot: a spot pool holds only elastic workers, and a job's master (and a fixed pool's workers) must run on a pool not labelled spot. Choose a pool without the spot label for the job, and name the spot pool as its elastic workers' pool (distributed.workerNodeType).");
        }

        var distributed = spec.Mode == JobMode.Distributed ? spec.Distributed : null;
        var count = distributed is null ? 1 : distributed.Nodes * distributed.ProcessesPerNode;
        if (count < 1 || count > PlacementRequest.MaxProcesses)
        {
            return null; // out of bounds: the validator's too
        }

        if (HasWorkerPool(spec))
        {
            if (FindPool(WorkerNodeTypeOf(spec)) is not { } workerPool)
            {
                return null; // the validator's to report
            }

            var worker = AmountOf(PerProcess(spec, workerPool.NodeType));
            if (!workerPool.NodeSize.Holds(worker))
            {
                return ("distributed.workerNodeType", $"A worker needs {worker}, more than a node of pool '{workerPool.Name}' holds ({workerPool.NodeSize}).");
            }

            count = 1; // the master alone runs on the job's own pool
        }

        var fixedPool = distributed is { Pool: WorkerPoolKind.Fixed };
        var each = AmountOf(PerProcess(spec, pool.NodeType));
        var request = new PlacementRequest
        {
            JobId = "misfit-check",
            Owner = string.Empty,
            Selector = PoolSelector.Named(pool.Name),
            Processes = [.. Enumerable.Range(0, count).Select(i => new ProcessRequest(i, i == 0 ? WorkerRole.Master : WorkerRole.Worker, each, Critical: i == 0 || fixedPool))],
            GangSize = fixedPool ? count : 1,
        };
        if (MisfitCheck.Check(request, [pool]) is not { } misfit)
        {
            return null;
        }

        var field = pool.NodeSize.Holds(each) ? "distributed.nodes" : "processResources";
        return (field, $"{misfit} (node type '{pool.Name}': {pool.NodeSize} per node, at most {pool.MaxNodes} node(s)).");
    }
}
