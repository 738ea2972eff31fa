using System.Collections.Immutable;
using System.Globalization;
using JobHub.Grains.Autoscaling.Events;
using JobHub.Grains.Scheduling.Placement;
using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Autoscaling.Cluster;

/// <summary>
/// The cluster autoscaler's decisions, from reserved resources (never measured load): scale a pool up when pending
/// processes plus its headroom exceed its free capacity, replace nodes that do not come up in time, and scale down
/// nodes without critical processes that have been unneeded for the pool's delay. Pure decision logic on a
/// <see cref="TimeProvider"/>; it remembers only since when each node has been unneeded.
/// </summary>
public sealed partial class ClusterAutoscaler
{
    private readonly TimeProvider _time;
    private readonly int _maxClusterNodes;
    private readonly Dictionary<string, DateTimeOffset> _unneededSince = new(StringComparer.Ordinal);

    /// <summary>An autoscaler bounded by <paramref name="maxClusterNodes"/> nodes over all pools.</summary>
    public ClusterAutoscaler(TimeProvider time, int maxClusterNodes)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxClusterNodes, 1);
        _maxClusterNodes = maxClusterNodes;
    }

    /// <summary>What to do now, given the scheduler's nodes and pending processes (run it after a scheduling pass).</summary>
    public IReadOnlyList<ScaleDecision> Decide(Scheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        var now = _time.GetUtcNow();
        var decisions = new List<ScaleDecision>();
        var clusterRoom = _maxClusterNodes - scheduler.Pools.Sum(p => scheduler.NodesOf(p.Name).Count);
        var packings = new Dictionary<string, TemplatePacking>(StringComparer.Ordinal);
        foreach (var pool in scheduler.Pools)
        {
            var nodes = scheduler.NodesOf(pool.Name);
            var timedOut = nodes.Where(n => n.State == NodeState.Booting && now - n.StartedAt >= pool.ProvisioningTimeout).OrderBy(n => n.Id, StringComparer.Ordinal).ToArray();
            foreach (var node in timedOut)
            {
                decisions.Add(new ScaleDecision(
                    PoolEventKind.NodeReplaced,
                    pool.Name,
                    1,
                    [node.Id],
                    string.Create(CultureInfo.InvariantCulture, $"node {node.Id} not up within the provisioning timeout ({pool.ProvisioningTimeout}); stopped and replaced"),
                    0m));
            }

            // A replacement boots like the nodes still booting, so it counts as one of them.
            var booting = nodes.Count(n => n.State == NodeState.Booting);
            var room = Math.Min(Math.Min(pool.MaxNodes - nodes.Count, Math.Max(0, clusterRoom)), pool.MaxParallelStarts);
            packings.Add(pool.Name, new TemplatePacking(pool, booting, Math.Max(0, room)));
        }

        var pending = PackPending(scheduler, packings, ref clusterRoom);
        foreach (var pool in scheduler.Pools)
        {
            var packing = packings[pool.Name];
            var nodes = scheduler.NodesOf(pool.Name);
            var headroomNodes = AddHeadroom(pool, nodes, packing, ref clusterRoom);
            var minimumNodes = Math.Max(0, pool.MinNodes - nodes.Count - packing.NewNodes);
            clusterRoom -= packing.AddEmpty(minimumNodes);
            if (packing.NewNodes > 0)
            {
                var (processes, jobs) = pending.TryGetValue(pool.Name, out var entry) ? (entry.Processes, entry.Jobs.Count) : (0, 0);
                decisions.Add(new ScaleDecision(
                    PoolEventKind.ScaleUp,
                    pool.Name,
                    packing.NewNodes,
                    [],
                    string.Create(CultureInfo.InvariantCulture, $"{processes} pending process(es) of {jobs} job(s) need {packing.Packed}; headroom adds {headroomNodes} node(s); minimum adds {minimumNodes}"),
                    packing.NewNodes * pool.PricePerHour));
                continue;
            }

            if (!pending.ContainsKey(pool.Name))
            {
                if (ScaleDown(pool, nodes, now) is { } down)
                {
                    decisions.Add(down);
                }
            }
            else
            {
                ForgetUnneeded(nodes);
            }
        }

        return decisions;
    }

    /// <summary>Packs each job's pending processes onto its preferred pool that has room, spilling to the next pool.</summary>
    private static Dictionary<string, (int Processes, HashSet<string> Jobs)> PackPending(Scheduler scheduler, Dictionary<string, TemplatePacking> packings, ref int clusterRoom)
    {
        var pending = new Dictionary<string, (int Processes, HashSet<string> Jobs)>(StringComparer.Ordinal);
        void Count(string pool, string jobId, int processes)
        {
            if (!pending.TryGetValue(pool, out var entry))
            {
                entry = (0, new HashSet<string>(StringComparer.Ordinal));
            }

            entry.Jobs.Add(jobId);
            pending[pool] = (entry.Processes + processes, entry.Jobs);
        }

        foreach (var demand in scheduler.PendingDemand())
        {
            var left = demand.Count;
            foreach (var pool in demand.Pools)
            {
                var packing = packings[pool.Name];
                var before = packing.NewNodes;
                packing.MaxNew = Math.Min(packing.MaxNew, before + Math.Max(0, clusterRoom));
                var packed = packing.Pack(demand.PerProcess, left);
                clusterRoom -= packing.NewNodes - before;
                if (packed > 0)
                {
                    Count(pool.Name, demand.JobId, packed);
                }

                left -= packed;
                if (left == 0)
                {
                    break;
                }
            }

            if (left > 0 && demand.Pools.Length > 0)
            {
                // No room anywhere: still pending in its preferred pool, which must not scale down under it.
                Count(demand.Pools[0].Name, demand.JobId, left);
            }
        }

        return pending;
    }

    /// <summary>Adds template nodes until the pool's free capacity covers its headroom; returns how many.</summary>
    private static int AddHeadroom(PoolSpec pool, IReadOnlyCollection<SchedulerNode> nodes, TemplatePacking packing, ref int clusterRoom)
    {
        var ready = nodes.Where(n => n.State == NodeState.Ready).ToArray();
        var reserved = ready.Aggregate(ResourceAmount.Zero, (sum, n) => sum + n.Reserved) + packing.Packed;
        var want = pool.HeadroomFor(reserved);
        var free = ready.Aggregate(ResourceAmount.Zero, (sum, n) => sum + n.Free) + packing.Free;
        var added = 0;
        var deficit = want - free;
        if (!free.Holds(want) && !pool.NodeSize.IsEmpty)
        {
            var nodesForDeficit = Math.Max(
                Ceiling(deficit.MilliVcpu, pool.NodeSize.MilliVcpu),
                Math.Max(Ceiling(deficit.MemoryMiB, pool.NodeSize.MemoryMiB), Ceiling(deficit.Gpus, pool.NodeSize.Gpus)));
            added += Open(packing, nodesForDeficit, ref clusterRoom);
        }

        var empty = ready.Count(n => n.Processes.Count == 0) + packing.EmptyNodes;
        if (empty < pool.HeadroomFreeNodes)
        {
            added += Open(packing, pool.HeadroomFreeNodes - empty, ref clusterRoom);
        }

        return added;
    }

    private static int Open(TemplatePacking packing, int nodes, ref int clusterRoom)
    {
        packing.MaxNew = Math.Min(packing.MaxNew, packing.NewNodes + Math.Max(0, clusterRoom));
        var opened = packing.AddEmpty(nodes);
        clusterRoom -= opened;
        return opened;
    }

    private static int Ceiling(long need, long size) => need <= 0 ? 0 : size <= 0 ? int.MaxValue / 2 : (int)((need + size - 1) / size);

    private void ForgetUnneeded(IEnumerable<SchedulerNode> nodes)
    {
        foreach (var node in nodes)
        {
            _unneededSince.Remove(node.Id);
        }
    }
}
