using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Autoscaling.Cluster;

/// <summary>
/// Simulated placement of pending processes onto a pool's booting nodes and then onto new template nodes of its type:
/// how many nodes a scale-up needs. First fit over a short window of recent nodes, so one tick stays cheap at scale.
/// </summary>
internal sealed class TemplatePacking
{
    private const int Window = 32;
    private readonly List<ResourceAmount> _bins = [];
    private int _firstOpen;

    public TemplatePacking(PoolSpec pool, int bootingNodes, int maxNew)
    {
        Pool = pool;
        MaxNew = maxNew;
        for (var i = 0; i < bootingNodes; i++)
        {
            _bins.Add(pool.NodeSize);
        }

        BootingNodes = bootingNodes;
    }

    public PoolSpec Pool { get; }

    public int BootingNodes { get; }

    public int MaxNew { get; set; }

    /// <summary>New nodes opened so far.</summary>
    public int NewNodes => _bins.Count - BootingNodes;

    /// <summary>Resources of pending processes packed here.</summary>
    public ResourceAmount Packed { get; private set; }

    public int PackedProcesses { get; private set; }

    /// <summary>Free capacity left on booting and new nodes.</summary>
    public ResourceAmount Free => _bins.Aggregate(ResourceAmount.Zero, (sum, bin) => sum + bin);

    /// <summary>Booting or new nodes nothing was packed on.</summary>
    public int EmptyNodes => _bins.Count(bin => bin == Pool.NodeSize);

    /// <summary>Packs up to <paramref name="count"/> processes; returns how many found room.</summary>
    public int Pack(ResourceAmount each, int count)
    {
        if (!Pool.NodeSize.Holds(each))
        {
            return 0;
        }

        var left = count;
        for (var i = _firstOpen; i < _bins.Count && i < _firstOpen + Window && left > 0; i++)
        {
            left -= Fill(i, each, left);
        }

        while (left > 0 && NewNodes < MaxNew)
        {
            _bins.Add(Pool.NodeSize);
            left -= Fill(_bins.Count - 1, each, left);
        }

        while (_firstOpen < _bins.Count && (_bins[_firstOpen].MilliVcpu <= 0 || _bins[_firstOpen].MemoryMiB <= 0))
        {
            _firstOpen++;
        }

        return count - left;
    }

    /// <summary>Opens new empty nodes (for headroom) up to the bound; returns how many were opened.</summary>
    public int AddEmpty(int nodes)
    {
        var added = 0;
        while (added < nodes && NewNodes < MaxNew)
        {
            _bins.Add(Pool.NodeSize);
            added++;
        }

        return added;
    }

    private int Fill(int bin, ResourceAmount each, int left)
    {
        var copies = (int)Math.Min(left, _bins[bin].CopiesOf(each));
        if (copies > 0)
        {
            var total = new ResourceAmount(each.MilliVcpu * copies, each.MemoryMiB * copies, each.Gpus * copies);
            _bins[bin] -= total;
            Packed += total;
            PackedProcesses += copies;
        }

        return copies;
    }
}
