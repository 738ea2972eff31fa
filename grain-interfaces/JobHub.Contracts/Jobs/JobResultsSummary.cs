using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>The results summary file as kept with the job.</summary>
/// <param name="Content">Valid JSON as written, or the raw text; at most 1,000 characters.</param>
/// <param name="Truncated">The file was longer and <paramref name="Content"/> is its beginning.</param>
/// <param name="InvalidJson">The file did not hold valid JSON.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.JobResultsSummary")]
public sealed record JobResultsSummary([Id(0)] string Content, [Id(1)] bool Truncated, [Id(2)] bool InvalidJson);
