using System.Collections.Immutable;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>
/// What removing a node did: elastic workers that wait to be placed again, and critical processes that were lost
/// (their jobs fail; the autoscaler never causes this, a provider's interruption may).
/// </summary>
public sealed record NodeRemoval(string NodeId, ImmutableArray<PlacedProcess> Requeued, ImmutableArray<PlacedProcess> LostCritical)
{
    /// <summary>Why the node left, naming it (<c>node spot-3 was interrupted (...)</c>); set by the autoscaler loop.</summary>
    public string Reason { get; init; } = string.Empty;
}
