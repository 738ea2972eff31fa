using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>A node as the scheduler tracks it: its free capacity and the processes placed on it.</summary>
public sealed class SchedulerNode
{
    private readonly Dictionary<(string JobId, int Index), PlacedProcess> _processes = [];

    internal SchedulerNode(string id, PoolSpec pool, NodeState state, DateTimeOffset startedAt, DateTimeOffset expectedReadyAt)
    {
        Id = id;
        Pool = pool;
        State = state;
        StartedAt = startedAt;
        ExpectedReadyAt = expectedReadyAt;
        Free = pool.NodeSize;
        LastBusyAt = startedAt;
    }

    /// <summary>The node id.</summary>
    public string Id { get; }

    /// <summary>Its pool.</summary>
    public PoolSpec Pool { get; }

    /// <summary>Booting or ready.</summary>
    public NodeState State { get; internal set; }

    /// <summary>When its provider was asked to start it (billing starts here).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When it is expected up (booting), or when it came up (ready).</summary>
    public DateTimeOffset ExpectedReadyAt { get; internal set; }

    /// <summary>Capacity not reserved.</summary>
    public ResourceAmount Free { get; internal set; }

    /// <summary>Capacity reserved by placed processes.</summary>
    public ResourceAmount Reserved => Pool.NodeSize - Free;

    /// <summary>Processes that must not be interrupted (masters, fixed-pool workers) placed here.</summary>
    public int CriticalProcesses { get; private set; }

    /// <summary>The last time a process was placed here or left.</summary>
    public DateTimeOffset LastBusyAt { get; private set; }

    /// <summary>The processes placed here.</summary>
    public IReadOnlyCollection<PlacedProcess> Processes => _processes.Values;

    internal void Add(PlacedProcess process)
    {
        _processes.Add((process.JobId, process.Index), process);
        if (process.Critical)
        {
            CriticalProcesses++;
        }

        LastBusyAt = process.PlacedAt;
    }

    internal PlacedProcess? Remove(string jobId, int index, DateTimeOffset now)
    {
        if (!_processes.Remove((jobId, index), out var process))
        {
            return null;
        }

        if (process.Critical)
        {
            CriticalProcesses--;
        }

        LastBusyAt = now;
        return process;
    }
}
