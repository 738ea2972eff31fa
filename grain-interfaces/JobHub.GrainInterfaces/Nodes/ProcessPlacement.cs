namespace JobHub.GrainInterfaces.Nodes;

/// <summary>Process <paramref name="Index"/> of a job is reserved on <paramref name="NodeId"/>.</summary>
public sealed record ProcessPlacement(int Index, string NodeId);
