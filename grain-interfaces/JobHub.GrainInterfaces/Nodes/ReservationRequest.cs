using System.Collections.Immutable;
using JobHub.GrainInterfaces.Jobs;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A job asks its node pool to reserve resources for some of its processes.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Indexes">The processes to place, in priority order (the master, index 0, first).</param>
/// <param name="PerProcess">What each process needs.</param>
/// <param name="Required">How many of <paramref name="Indexes"/> (from the front) must be placed together; if they do not fit, nothing is placed. The rest is placed as far as it fits.</param>
public sealed record ReservationRequest(string JobId, ImmutableArray<int> Indexes, ProcessResources PerProcess, int Required);
