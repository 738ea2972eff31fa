using Orleans;

namespace JobHub.Contracts.Cluster;

/// <summary>A job with processes waiting to be placed, and why.</summary>
/// <param name="JobId">The job; null when the caller may not see it (another user's job, for a caller who is not an admin).</param>
/// <param name="Pool">The pool it waits in.</param>
/// <param name="WaitingProcesses">How many of its processes wait.</param>
/// <param name="Reason"><c>waiting-for-scheduler</c> or <c>waiting-for-free-nodes</c>.</param>
/// <param name="Detail">The reason in words (what does not fit, a scale-up in progress).</param>
/// <param name="Owner">Its owner; null when <paramref name="JobId"/> is.</param>
/// <param name="Eta">When the first node being started for it is expected up; null when none is starting.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.PendingJobInfo")]
public sealed record PendingJobInfo(
    [Id(0)] string? JobId,
    [Id(1)] string Pool,
    [Id(2)] int WaitingProcesses,
    [Id(3)] string Reason,
    [Id(4)] string Detail,
    [Id(5)] DateTimeOffset? Eta,
    [Id(6)] string? Owner);
