using System.Collections.Immutable;
using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>What the pool reserved.</summary>
/// <param name="Placed">The processes placed now (possibly none).</param>
/// <param name="WaitingReason">Why the others wait, in words ("waiting for free nodes: needs 4 vCPU, largest free block is 2"); null when all were placed.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ReservationResult")]
public sealed record ReservationResult([Id(0)] ImmutableArray<ProcessPlacement> Placed, [Id(1)] string? WaitingReason);
