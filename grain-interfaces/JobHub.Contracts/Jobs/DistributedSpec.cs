using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>
/// The shape of a distributed job: <see cref="Nodes"/> × <see cref="ProcessesPerNode"/> processes in
/// total, one of them the master and the others workers.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.DistributedSpec")]
public sealed record DistributedSpec
{
    /// <summary>Number of nodes of the job's node type; at least 1.</summary>
    [Id(0)]
    public int Nodes { get; init; } = 1;

    /// <summary>Processes started on each node; at least 1.</summary>
    [Id(1)]
    public int ProcessesPerNode { get; init; } = 1;

    /// <summary>Fixed or elastic worker pool; default fixed.</summary>
    [Id(2)]
    public WorkerPoolKind Pool { get; init; } = WorkerPoolKind.Fixed;

    /// <summary>
    /// Workers that must run before a fixed pool's master starts; null means all workers
    /// (total processes − 1). Between 0 and the number of workers.
    /// </summary>
    [Id(3)]
    public int? MinimumWorkers { get; init; }

    /// <summary>An elastic pool's process autoscaler; null (the default) keeps every worker the pool can place.</summary>
    [Id(4)]
    public ProcessScalerSpec? Scaler { get; init; }

    /// <summary>
    /// The node type (pool) of an elastic pool's workers when it is not the job's own, for example a cheaper pool
    /// labelled <c>spot</c>: the master runs on <see cref="JobSpec.NodeType"/>, and each worker reserves its share of a
    /// node of this type and is charged at its price. A worker lost with its node is placed again. Null (the default):
    /// the workers run on the job's node type. Only for elastic pools.
    /// </summary>
    [Id(5)]
    public string? WorkerNodeType { get; init; }
}
