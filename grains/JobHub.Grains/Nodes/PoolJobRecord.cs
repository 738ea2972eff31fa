using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>A job as its pool persists it: enough to submit it to a new scheduler, and which processes still wait.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.PoolJobRecord")]
internal sealed record PoolJobRecord(
    [Id(0)] string JobId,
    [Id(1)] string Owner,
    [Id(2)] ImmutableArray<string> Groups,
    [Id(3)] int Priority,
    [Id(4)] int ProcessCount,
    [Id(5)] ProcessResources PerProcess,
    [Id(6)] int GangSize,
    [Id(7)] bool FixedPool,
    [Id(8)] ImmutableArray<int> Pending,
    [Id(9)] bool GangPlaced,
    [Id(10)] ImmutableArray<int> Dropped)
{
    /// <summary>True when the pool holds only the job's workers (<see cref="JobHub.GrainInterfaces.Nodes.ReservationRequest.WorkersOnly"/>).</summary>
    [Id(11)]
    public bool WorkersOnly { get; init; }

    /// <summary>
    /// Where its placed processes run, by node. State written before this field held every placed process as a
    /// <see cref="PoolReservation"/> of <see cref="NodePoolState.Reservations"/> instead: read from there when this is empty.
    /// </summary>
    [Id(12)]
    public ImmutableArray<PoolPlacement> Placed { get; init; } = [];
}
