using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>One row of the job list: what a person scans, without the spec, workers or history.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.JobSummary")]
public sealed record JobSummary(
    [Id(0)] string JobId,
    [Id(1)] string Name,
    [Id(2)] string Owner,
    [Id(3)] JobState State,
    [Id(4)] string Reason,
    [Id(5)] DateTimeOffset SubmittedAt,
    [Id(6)] DateTimeOffset? StartedAt,
    [Id(7)] DateTimeOffset? EndedAt);
