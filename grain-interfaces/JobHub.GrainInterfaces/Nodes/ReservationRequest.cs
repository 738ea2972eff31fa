using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A job asks its node pool to reserve resources for some of its processes.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Indexes">The processes to place, in priority order (the master, index 0, first).</param>
/// <param name="PerProcess">What each process needs.</param>
/// <param name="Required">How many of <paramref name="Indexes"/> (from the front) must be placed together; if they do not fit, nothing is placed. The rest is placed as far as it fits.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ReservationRequest")]
public sealed record ReservationRequest([Id(0)] string JobId, [Id(1)] ImmutableArray<int> Indexes, [Id(2)] ProcessResources PerProcess, [Id(3)] int Required);
