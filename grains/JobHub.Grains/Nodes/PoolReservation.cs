using JobHub.GrainInterfaces.Jobs;

namespace JobHub.Grains.Nodes;

/// <summary>Process <paramref name="Index"/> of job <paramref name="JobId"/> holds <paramref name="Resources"/> on <paramref name="NodeId"/>.</summary>
internal sealed record PoolReservation(string JobId, int Index, string NodeId, ProcessResources Resources);
