using JobHub.Contracts.Jobs;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>Process <paramref name="Index"/> of job <paramref name="JobId"/> holds <paramref name="Resources"/> on <paramref name="NodeId"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.PoolReservation")]
internal sealed record PoolReservation([Id(0)] string JobId, [Id(1)] int Index, [Id(2)] string NodeId, [Id(3)] ProcessResources Resources);
