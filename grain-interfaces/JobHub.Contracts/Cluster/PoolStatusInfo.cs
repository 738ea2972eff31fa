using Orleans;

namespace JobHub.Contracts.Cluster;

/// <summary>One node pool in a <see cref="ClusterStatusInfo"/>.</summary>
/// <param name="Pool">The pool (node type) name.</param>
/// <param name="Provider">The node provider that starts its nodes (<c>local</c>, <c>simulated</c>).</param>
/// <param name="ReadyNodes">Nodes up.</param>
/// <param name="BootingNodes">Nodes starting.</param>
/// <param name="MinNodes">Nodes kept even when idle.</param>
/// <param name="MaxNodes">Most nodes.</param>
/// <param name="ReservedVcpu">vCPUs reserved on ready nodes.</param>
/// <param name="FreeVcpu">vCPUs free on ready nodes.</param>
/// <param name="ReservedMemoryMiB">Memory reserved on ready nodes.</param>
/// <param name="FreeMemoryMiB">Memory free on ready nodes.</param>
/// <param name="ReservedGpus">GPUs reserved on ready nodes.</param>
/// <param name="FreeGpus">GPUs free on ready nodes.</param>
/// <param name="CostPerHour">What its nodes (ready and booting) cost per hour.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.PoolStatusInfo")]
public sealed record PoolStatusInfo(
    [Id(0)] string Pool,
    [Id(1)] string Provider,
    [Id(2)] int ReadyNodes,
    [Id(3)] int BootingNodes,
    [Id(4)] int MinNodes,
    [Id(5)] int MaxNodes,
    [Id(6)] decimal ReservedVcpu,
    [Id(7)] decimal FreeVcpu,
    [Id(8)] long ReservedMemoryMiB,
    [Id(9)] long FreeMemoryMiB,
    [Id(10)] int ReservedGpus,
    [Id(11)] int FreeGpus,
    [Id(12)] decimal CostPerHour);
