using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>Which jobs to list: optionally one owner's, optionally in one state; at most <see cref="Limit"/> per page.</summary>
[GenerateSerializer]
[Alias("jobhub.JobQuery")]
public sealed record JobQuery(
    [Id(0)] string? Owner = null,
    [Id(1)] JobState? State = null,
    [Id(2)] int Limit = 50,
    [Id(3)] string? Cursor = null);
