using System.Collections.Immutable;
using JobHub.Contracts.Cluster;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.Status;

namespace JobHub.Grains.Nodes;

/// <summary>What the pool tells: its nodes and waiting jobs, its part of the cluster status, its events.</summary>
internal sealed partial class NodePoolGrain
{
    /// <inheritdoc />
    public Task<NodePoolInfo> GetInfo()
    {
        var capacity = NodeTypeCatalog.CapacityOf(_pool.NodeType);
        var nodes = _scheduler.NodesOf(_pool.Name)
            .OrderBy(n => n.Id, StringComparer.Ordinal)
            .Select(n => new NodeAllocation(n.Id, capacity, new NodeCapacity(n.Free.Vcpu, n.Free.MemoryMiB, n.Free.Gpus), n.Processes.Count))
            .ToImmutableArray();
        return Task.FromResult(new NodePoolInfo(_pool.NodeType, nodes, _scheduler.WaitingJobIds));
    }

    /// <inheritdoc />
    public Task<ClusterStatusInfo> GetStatus()
    {
        var snapshot = _scheduler.Snapshot();
        var pools = snapshot.Pools
            .Select(p => new PoolStatusInfo(
                p.Pool,
                _pool.Provider,
                p.ReadyNodes,
                p.BootingNodes,
                p.MinNodes,
                p.MaxNodes,
                p.Reserved.Vcpu,
                p.Free.Vcpu,
                p.Reserved.MemoryMiB,
                p.Free.MemoryMiB,
                p.Reserved.Gpus,
                p.Free.Gpus,
                p.CostPerHour))
            .ToImmutableArray();
        var nodes = snapshot.Nodes
            .Select(n => new NodeStatusInfo(n.NodeId, n.Pool, n.State, n.Processes, n.CriticalProcesses, n.FreeVcpuPercent, n.FreeMemoryPercent, n.FreeGpuPercent))
            .ToImmutableArray();
        var byReason = snapshot.WaitingProcessesByReason
            .Where(r => r.Value > 0)
            .ToImmutableDictionary(r => ReasonName(r.Key), r => r.Value, StringComparer.Ordinal);
        var pending = snapshot.PendingJobs
            .Select(j => new PendingJobInfo(j.JobId, _pool.Name, j.WaitingProcesses, ReasonName(j.Reason.Kind), j.Reason.Detail, j.Reason.Eta, j.Owner))
            .ToImmutableArray();
        return Task.FromResult(new ClusterStatusInfo(snapshot.At, pools, nodes, byReason, pending));
    }

    /// <inheritdoc />
    public Task<ImmutableArray<PoolEventInfo>> GetEvents(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var events = _events.Of(_pool.Name);
        return Task.FromResult(events.Skip(Math.Max(0, events.Count - limit)).Select(Info).ToImmutableArray());
    }

    /// <summary>A reason kind as the API names it.</summary>
    internal static string ReasonName(PendingReasonKind kind) => kind switch
    {
        PendingReasonKind.WaitingForScheduler => "waiting-for-scheduler",
        PendingReasonKind.WaitingForFreeNodes => "waiting-for-free-nodes",
        PendingReasonKind.ResourceMisfit => "resource-misfit",
        _ => kind.ToString(),
    };
}
