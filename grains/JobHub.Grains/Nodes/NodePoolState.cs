using JobHub.Contracts.Cluster;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>
/// The persisted state of a node pool grain: what its scheduler is rebuilt from after a restart (nodes, jobs and the
/// reservations on the nodes) and its last events. Fair-share usage is not kept: it restarts from the reservations.
/// </summary>
[GenerateSerializer]
[Alias("jobhub.NodePoolState")]
internal sealed class NodePoolState
{
    [Id(0)]
    public List<PoolReservation> Reservations { get; set; } = [];

    /// <summary>Jobs that wait for room (woken after a restart).</summary>
    [Id(1)]
    public List<string> WaitingJobs { get; set; } = [];

    /// <summary>The pool's nodes (empty for the default pool, whose nodes come from the configuration).</summary>
    [Id(2)]
    public List<PoolNodeRecord> Nodes { get; set; } = [];

    /// <summary>Every job the scheduler knows: its request and its processes still to place.</summary>
    [Id(3)]
    public List<PoolJobRecord> Jobs { get; set; } = [];

    /// <summary>The last events, oldest first, at most <c>JobHub:NodePools:EventsPerPool</c>.</summary>
    [Id(4)]
    public List<PoolEventInfo> Events { get; set; } = [];
}
