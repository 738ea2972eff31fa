using System.Collections.Immutable;
using System.Globalization;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Scheduling.Status;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>What the scheduler tells people (status, reasons) and the autoscaler (pending demand).</summary>
public sealed partial class Scheduler
{
    /// <summary>
    /// Processes waiting for capacity, per job, with the pools they may use: what the cluster autoscaler scales for.
    /// Jobs held back by a cap are left out: more nodes would not start them.
    /// </summary>
    public IReadOnlyList<PendingDemand> PendingDemand()
    {
        var demand = new List<PendingDemand>();
        foreach (var owner in _owners.Values.OrderBy(o => o.Id, StringComparer.Ordinal))
        {
            foreach (var job in owner.Waiting)
            {
                if (job.CapBlocked)
                {
                    continue;
                }

                var gang = job.GangPlaced ? 0 : job.Request.GangSize;
                if (gang > 0)
                {
                    var first = job.Request.Processes[job.Pending.Min];
                    demand.Add(new PendingDemand(job.JobId, [.. job.PoolsFor(first).Select(p => p.Spec)], first.Resources, gang, Gang: gang > 1));
                }

                var rest = job.Pending.Skip(gang).Select(i => job.Request.Processes[i]).GroupBy(p => (p.Resources, p.Critical));
                foreach (var group in rest)
                {
                    var process = group.First();
                    demand.Add(new PendingDemand(job.JobId, [.. job.PoolsFor(process).Select(p => p.Spec)], process.Resources, group.Count(), Gang: false));
                }
            }
        }

        return demand;
    }

    /// <summary>A snapshot of pools, nodes (free resources in %) and waiting processes by reason.</summary>
    public ClusterStatus Snapshot()
    {
        var pools = _pools.Values
            .OrderBy(p => p.Spec.Name, StringComparer.Ordinal)
            .Select(p => new PoolStatus(p.Spec.Name, p.ReadyCount, p.BootingCount, p.Spec.MinNodes, p.Spec.MaxNodes, p.Reserved, p.Free, p.Nodes.Count * p.Spec.PricePerHour))
            .ToImmutableArray();
        var nodes = _nodes.Values
            .OrderBy(n => n.Id, StringComparer.Ordinal)
            .Select(n => new NodeStatus(
                n.Id,
                n.Pool.Name,
                n.State == NodeState.Ready ? "ready" : "booting",
                n.Processes.Count,
                n.CriticalProcesses,
                Percent(n.Free.MilliVcpu, n.Pool.NodeSize.MilliVcpu),
                Percent(n.Free.MemoryMiB, n.Pool.NodeSize.MemoryMiB),
                Percent(n.Free.Gpus, n.Pool.NodeSize.Gpus)))
            .ToImmutableArray();
        var pending = _owners.Values
            .SelectMany(o => o.Waiting)
            .OrderBy(j => j.Sequence)
            .Select(j => new PendingJobStatus(j.JobId, j.Request.Owner, j.Pending.Count, ReasonWithEta(j)))
            .ToImmutableArray();
        var byReason = pending
            .GroupBy(j => j.Reason.Kind)
            .ToImmutableDictionary(g => g.Key, g => g.Sum(j => j.WaitingProcesses));
        return new ClusterStatus(_time.GetUtcNow(), pools, nodes, byReason, pending);
    }

    private PendingReason ReasonWithEta(ScheduledJob job)
    {
        if (job.Reason.Kind != PendingReasonKind.WaitingForFreeNodes)
        {
            return job.Reason;
        }

        DateTimeOffset? eta = null;
        string? pool = null;
        foreach (var index in job.CriticalPools.Concat(job.ElasticPools))
        {
            foreach (var node in index.Nodes.Values)
            {
                if (node.State == NodeState.Booting && (eta is null || node.ExpectedReadyAt < eta))
                {
                    eta = node.ExpectedReadyAt;
                    pool = index.Spec.Name;
                }
            }
        }

        return eta is null
            ? job.Reason with { Eta = null }
            : new PendingReason(
                PendingReasonKind.WaitingForFreeNodes,
                string.Create(CultureInfo.InvariantCulture, $"{job.Reason.Detail}; scale-up of pool {pool} in progress, first node expected at {eta:O}"),
                eta);
    }

    private static double Percent(long free, long size) => size <= 0 ? 0 : Math.Round(100.0 * free / size, 1);
}
