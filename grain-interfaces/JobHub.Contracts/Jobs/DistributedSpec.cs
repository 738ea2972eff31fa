namespace JobHub.GrainInterfaces.Jobs;

/// <summary>
/// The shape of a distributed job: <see cref="Nodes"/> × <see cref="ProcessesPerNode"/> processes in
/// total, one of them the master and the others workers.
/// </summary>
public sealed record DistributedSpec
{
    /// <summary>Number of nodes of the job's node type; at least 1.</summary>
    public int Nodes { get; init; } = 1;

    /// <summary>Processes started on each node; at least 1.</summary>
    public int ProcessesPerNode { get; init; } = 1;

    /// <summary>Fixed or elastic worker pool; default fixed.</summary>
    public WorkerPoolKind Pool { get; init; } = WorkerPoolKind.Fixed;

    /// <summary>
    /// Workers that must run before a fixed pool's master starts; null means all workers
    /// (total processes − 1). Between 0 and the number of workers.
    /// </summary>
    public int? MinimumWorkers { get; init; }
}
