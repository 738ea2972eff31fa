namespace JobHub.GrainInterfaces.Jobs;

/// <summary>One row of the job list: what a person scans, without the spec, workers or history.</summary>
public sealed record JobSummary(
    string JobId,
    string Name,
    string Owner,
    JobState State,
    string Reason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt);
