using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A node of a pool with its size and what is still free on it.</summary>
/// <param name="NodeId">The node id.</param>
/// <param name="Capacity">Its size.</param>
/// <param name="Free">What no reservation holds.</param>
/// <param name="Reservations">How many processes are reserved on it.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.NodeAllocation")]
public sealed record NodeAllocation([Id(0)] string NodeId, [Id(1)] NodeCapacity Capacity, [Id(2)] NodeCapacity Free, [Id(3)] int Reservations);
