using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>A node of a pool as persisted: up or still booting, since when, and when it is expected up.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.PoolNodeRecord")]
internal sealed record PoolNodeRecord([Id(0)] string NodeId, [Id(1)] bool Ready, [Id(2)] DateTimeOffset StartedAt, [Id(3)] DateTimeOffset ExpectedReadyAt);
