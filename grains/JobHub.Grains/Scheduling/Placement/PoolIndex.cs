using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>
/// One pool's nodes with its ready nodes indexed by free capacity (a sorted set), so a placement finds its node in
/// O(log n) instead of scanning the pool; totals are kept up to date on every change.
/// </summary>
internal sealed class PoolIndex
{
    // Placement looks at this many index entries at most before giving up on a pool (memory- or GPU-bound misfits).
    private const int MaxProbes = 256;

    private readonly SortedSet<SchedulerNode> _readyByFree = new(NodeFreeComparer.Instance);
    private readonly SchedulerNode _low;
    private readonly SchedulerNode _high;

    public PoolIndex(PoolSpec spec)
    {
        Spec = spec;
        _low = new SchedulerNode(string.Empty, spec, NodeState.Ready, default, default);
        _high = new SchedulerNode("\uffff", spec, NodeState.Ready, default, default) { Free = new ResourceAmount(long.MaxValue, long.MaxValue, int.MaxValue) };
    }

    public PoolSpec Spec { get; }

    public Dictionary<string, SchedulerNode> Nodes { get; } = new(StringComparer.Ordinal);

    public int ReadyCount => _readyByFree.Count;

    public int BootingCount => Nodes.Count - _readyByFree.Count;

    /// <summary>Free capacity of ready nodes.</summary>
    public ResourceAmount Free { get; private set; }

    /// <summary>Capacity reserved on ready nodes.</summary>
    public ResourceAmount Reserved { get; private set; }

    public void Add(SchedulerNode node)
    {
        Nodes.Add(node.Id, node);
        if (node.State == NodeState.Ready)
        {
            AddReady(node);
        }
    }

    public void MarkReady(SchedulerNode node)
    {
        node.State = NodeState.Ready;
        AddReady(node);
    }

    public void Remove(SchedulerNode node)
    {
        Nodes.Remove(node.Id);
        if (node.State == NodeState.Ready && _readyByFree.Remove(node))
        {
            Free -= node.Free;
            Reserved -= node.Reserved;
        }
    }

    public void SetFree(SchedulerNode node, ResourceAmount free)
    {
        _readyByFree.Remove(node);
        Free -= node.Free;
        Reserved -= node.Reserved;
        node.Free = free;
        Free += node.Free;
        Reserved += node.Reserved;
        _readyByFree.Add(node);
    }

    /// <summary>The ready node with the least free vCPU that still holds <paramref name="need"/>; null when none does.</summary>
    public SchedulerNode? BestFit(ResourceAmount need)
    {
        if (need.MilliVcpu > Spec.NodeSize.MilliVcpu || _readyByFree.Count == 0)
        {
            return null;
        }

        _low.Free = new ResourceAmount(need.MilliVcpu, long.MinValue, int.MinValue);
        var probes = 0;
        foreach (var node in _readyByFree.GetViewBetween(_low, _high))
        {
            if (node.Free.Holds(need))
            {
                return node;
            }

            if (++probes == MaxProbes)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>The ready node with the most free vCPU that holds <paramref name="need"/>.</summary>
    public SchedulerNode? Largest(ResourceAmount need)
    {
        var probes = 0;
        foreach (var node in _readyByFree.Reverse())
        {
            if (node.Free.MilliVcpu < need.MilliVcpu)
            {
                return null;
            }

            if (node.Free.Holds(need))
            {
                return node;
            }

            if (++probes == MaxProbes)
            {
                break;
            }
        }

        return null;
    }

    private void AddReady(SchedulerNode node)
    {
        _readyByFree.Add(node);
        Free += node.Free;
        Reserved += node.Reserved;
    }
}
