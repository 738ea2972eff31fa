namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A node of a pool with its size and what is still free on it.</summary>
/// <param name="NodeId">The node id.</param>
/// <param name="Capacity">Its size.</param>
/// <param name="Free">What no reservation holds.</param>
/// <param name="Reservations">How many processes are reserved on it.</param>
public sealed record NodeAllocation(string NodeId, NodeCapacity Capacity, NodeCapacity Free, int Reservations);
