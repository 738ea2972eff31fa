using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>Process <paramref name="Index"/> of job <paramref name="JobId"/> holds <paramref name="Resources"/> on <paramref name="NodeId"/> since <paramref name="PlacedAt"/>.</summary>
public sealed record PlacedProcess(string JobId, int Index, string NodeId, ResourceAmount Resources, bool Critical, DateTimeOffset PlacedAt);
