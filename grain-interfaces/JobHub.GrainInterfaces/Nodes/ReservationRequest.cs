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
public sealed record ReservationRequest([Id(0)] string JobId, [Id(1)] ImmutableArray<int> Indexes, [Id(2)] ProcessResources PerProcess, [Id(3)] int Required)
{
    /// <summary>The user whose fair share and caps the job counts against (empty: an anonymous owner).</summary>
    [Id(4)]
    public string Owner { get; init; } = string.Empty;

    /// <summary>The groups the job is charged to (caps and fair share of each).</summary>
    [Id(5)]
    public ImmutableArray<string> Groups { get; init; } = [];

    /// <summary>Order among the owner's own jobs, −100..100, higher first.</summary>
    [Id(6)]
    public int Priority { get; init; }

    /// <summary>
    /// True for a fixed pool (its workers are critical: their loss fails the job, and none joins after the master
    /// starts); false for an elastic pool or a single process.
    /// </summary>
    [Id(7)]
    public bool FixedPool { get; init; }

    /// <summary>All processes of the job (master and workers); 0 means the largest index asked for plus one.</summary>
    [Id(8)]
    public int ProcessCount { get; init; }

    /// <summary>
    /// True when the pool holds only the job's workers: its master runs on another pool
    /// (<see cref="DistributedSpec.WorkerNodeType"/>), so no process asked of this pool is critical.
    /// </summary>
    [Id(9)]
    public bool WorkersOnly { get; init; }
}
