using System.Collections.Immutable;
using JobHub.Contracts.Cluster;
using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>
/// A node pool (key: the pool name, which is the node type name): its nodes and the reservations on
/// them. Places a job's processes on as few nodes as fit; a job that does not fit is told why and
/// told again (one-way <see cref="Jobs.IJobGrain.OnCapacityAvailable"/>) when resources are released.
/// </summary>
[Alias("jobhub.INodePoolGrain")]
public interface INodePoolGrain : IGrainWithStringKey
{
    /// <summary>Reserves resources for processes of a job (see <see cref="ReservationRequest.Required"/>).</summary>
    Task<ReservationResult> Reserve(ReservationRequest request);

    /// <summary>Releases the reservation of one process of a job (no-op when it holds none).</summary>
    Task Release(string jobId, int index);

    /// <summary>Releases every reservation of a job and forgets that it waits.</summary>
    Task ReleaseJob(string jobId);

    /// <summary>
    /// The job has taken note of the loss of node <paramref name="nodeId"/> (<see cref="Jobs.IJobGrain.OnNodeLost"/>;
    /// the loss is durable in the job): the pool stops repeating it. Until then the pool keeps the notice in its state
    /// and sends it again every <c>AutoscalerInterval</c> and after a restart, so a notice lost with a silo is not lost.
    /// </summary>
    Task AcknowledgeNodeLoss(string jobId, string nodeId);

    /// <summary>The node type, nodes, free resources and waiting jobs.</summary>
    Task<NodePoolInfo> GetInfo();

    /// <summary>The pool's part of the cluster status: the pool, its nodes (free resources in %), its waiting processes and jobs.</summary>
    Task<ClusterStatusInfo> GetStatus();

    /// <summary>The pool's last <paramref name="limit"/> scaling events (1..<see cref="ClusterLimits.MaxEventLimit"/>), oldest first.</summary>
    Task<ImmutableArray<PoolEventInfo>> GetEvents(int limit);
}
