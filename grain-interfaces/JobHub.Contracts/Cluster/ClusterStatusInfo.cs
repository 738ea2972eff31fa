using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Cluster;

/// <summary>The cluster like JuliaRun's <c>status(ctx)</c> (<c>GET /api/v1/cluster/status</c>).</summary>
/// <param name="At">When the snapshot was taken.</param>
/// <param name="Pools">Every pool, by name.</param>
/// <param name="Nodes">Every node, by id, with its free resources in percent.</param>
/// <param name="WaitingProcessesByReason">
/// Processes waiting, by reason kind (<c>waiting-for-scheduler</c>, <c>waiting-for-free-nodes</c>); kinds with none are left out.
/// </param>
/// <param name="PendingJobs">Jobs with processes waiting, oldest first (others' job ids hidden unless the caller is an admin).</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ClusterStatusInfo")]
public sealed record ClusterStatusInfo(
    [Id(0)] DateTimeOffset At,
    [Id(1)] ImmutableArray<PoolStatusInfo> Pools,
    [Id(2)] ImmutableArray<NodeStatusInfo> Nodes,
    [Id(3)] ImmutableDictionary<string, int> WaitingProcessesByReason,
    [Id(4)] ImmutableArray<PendingJobInfo> PendingJobs)
{
    /// <summary>
    /// The most nodes all pools may hold together (<c>JobHub:NodePools:MaxClusterNodes</c>); null when the pools do not
    /// scale (this host's nodes, no pools configured).
    /// </summary>
    [Id(5)]
    public int? MaxClusterNodes { get; init; }
}
