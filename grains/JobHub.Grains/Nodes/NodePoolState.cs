using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>The persisted state of a node pool grain.</summary>
[GenerateSerializer]
[Alias("jobhub.NodePoolState")]
internal sealed class NodePoolState
{
    [Id(0)]
    public List<PoolReservation> Reservations { get; set; } = [];

    [Id(1)]
    public List<string> WaitingJobs { get; set; } = [];
}
