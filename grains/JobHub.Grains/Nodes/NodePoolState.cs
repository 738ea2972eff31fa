using JobHub.Contracts.Cluster;
using JobHub.GrainInterfaces.Nodes;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>
/// The persisted state of a node pool grain: what its scheduler is rebuilt from after a restart (nodes, jobs and the
/// reservations on the nodes), its last events, and the fair-share usage it had as it last deactivated.
/// </summary>
[GenerateSerializer]
[Alias("jobhub.NodePoolState")]
internal sealed class NodePoolState
{
    /// <summary>
    /// Placed processes one by one, as state written before 2026-12-03 held them; empty since, when each job's record
    /// holds its own, by node (<see cref="PoolJobRecord.Placed"/>: a fraction of the size, and this state is written
    /// after every change). Read on activation, never written again.
    /// </summary>
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

    /// <summary>
    /// Its users' and groups' usage as the pool last deactivated (a graceful stop), kept here as well as in the
    /// fair-share grain: a stopping silo may stop that grain first.
    /// </summary>
    [Id(5)]
    public List<ShareUsage> LastUsage { get; set; } = [];

    /// <summary>When <see cref="LastUsage"/> was taken; null before the pool first deactivated.</summary>
    [Id(6)]
    public DateTimeOffset? LastUsageAt { get; set; }

    /// <summary>Node losses told to jobs that have not acknowledged them yet (sent again until they do).</summary>
    [Id(7)]
    public List<PoolLossNotice> LossNotices { get; set; } = [];
}
