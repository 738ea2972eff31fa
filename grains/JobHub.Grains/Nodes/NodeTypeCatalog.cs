using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Nodes;

/// <summary>The node types (node pools) this cluster knows and their node ids: today the local pool from <see cref="LocalNodesOptions"/>.</summary>
public sealed class NodeTypeCatalog
{
    private readonly LocalNodesOptions _local;

    /// <summary>Builds the catalog from the local nodes' options.</summary>
    public NodeTypeCatalog(IOptions<LocalNodesOptions> local)
    {
        ArgumentNullException.ThrowIfNull(local);
        _local = local.Value;
        NodeTypes = [new NodeTypeSpec(_local.PoolName, _local.VcpuPerNode, _local.MemoryMiBPerNode, _local.GpusPerNode, _local.PricePerHour)];
    }

    /// <summary>Every node type.</summary>
    public IReadOnlyCollection<NodeTypeSpec> NodeTypes { get; }

    /// <summary>The node type of that name, or null.</summary>
    public NodeTypeSpec? Find(string name) => NodeTypes.FirstOrDefault(type => string.Equals(type.Name, name, StringComparison.Ordinal));

    /// <summary>The nodes of pool <paramref name="pool"/> (<c>{pool}-1</c> …), empty for an unknown pool.</summary>
    public IReadOnlyList<string> NodeIds(string pool) =>
        string.Equals(pool, _local.PoolName, StringComparison.Ordinal)
            ? Enumerable.Range(1, _local.NodeCount).Select(n => string.Create(CultureInfo.InvariantCulture, $"{pool}-{n}")).ToArray()
            : [];

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
}
