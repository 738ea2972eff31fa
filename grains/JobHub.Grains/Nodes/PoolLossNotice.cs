using JobHub.GrainInterfaces.Nodes;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>A node loss the pool told a job of and keeps until the job acknowledges it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.PoolLossNotice")]
internal sealed record PoolLossNotice([property: Id(0)] string JobId, [property: Id(1)] NodeLoss Loss);
