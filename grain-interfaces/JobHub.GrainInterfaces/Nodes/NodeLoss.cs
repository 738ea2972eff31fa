using System.Collections.Immutable;
using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>
/// A node pool tells a job that one of its nodes went away (stopped by the autoscaler, failed or interrupted) and took
/// the job's processes on it with it: they were killed, as a machine that vanished would kill them.
/// </summary>
/// <param name="NodeId">The node that went away.</param>
/// <param name="Reason">What happened, naming the node (<c>node spot-3 was interrupted (...)</c>).</param>
/// <param name="Indexes">The job's processes that were placed on it (0 is the master).</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.NodeLoss")]
public sealed record NodeLoss([Id(0)] string NodeId, [Id(1)] string Reason, [Id(2)] ImmutableArray<int> Indexes)
{
    /// <summary>The pool that removed the node: the job acknowledges the loss to it (<see cref="INodePoolGrain.AcknowledgeNodeLoss"/>).</summary>
    [Id(3)]
    public string Pool { get; init; } = string.Empty;

    /// <summary>
    /// When the pool removed the node. A process the job placed after it is on a new node that took the same id (the
    /// <c>local</c> provider reuses ids), not lost: a late or repeated notice leaves it alone. Null: not known.
    /// </summary>
    [Id(4)]
    public DateTimeOffset? At { get; init; }
}
