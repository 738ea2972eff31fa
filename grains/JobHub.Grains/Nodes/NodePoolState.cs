namespace JobHub.Grains.Nodes;

/// <summary>The persisted state of a node pool grain.</summary>
internal sealed class NodePoolState
{
    public List<PoolReservation> Reservations { get; set; } = [];

    public List<string> WaitingJobs { get; set; } = [];
}
