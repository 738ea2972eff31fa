namespace JobHub.GrainInterfaces.Jobs;

/// <summary>Which jobs to list: optionally one owner's, optionally in one state; at most <see cref="Limit"/> per page.</summary>
public sealed record JobQuery(string? Owner = null, JobState? State = null, int Limit = 50, string? Cursor = null);
