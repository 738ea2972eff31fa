using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>A page of the job list, newest first; pass <see cref="NextCursor"/> back for the next page (null: no more).</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.JobPage")]
public sealed record JobPage([Id(0)] ImmutableArray<JobSummary> Jobs, [Id(1)] string? NextCursor);
