namespace JobHub.GrainInterfaces.Jobs;

/// <summary>A page of the job list, newest first; pass <see cref="NextCursor"/> back for the next page (null: no more).</summary>
public sealed record JobPage(IReadOnlyList<JobSummary> Jobs, string? NextCursor);
