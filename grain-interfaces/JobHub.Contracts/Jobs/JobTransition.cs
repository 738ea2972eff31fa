using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>One step of a job's history.</summary>
/// <param name="State">The state entered.</param>
/// <param name="Time">When (UTC, from the silo's clock).</param>
/// <param name="Reason">Why, in words for the job's owner.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.JobTransition")]
public sealed record JobTransition([Id(0)] JobState State, [Id(1)] DateTimeOffset Time, [Id(2)] string Reason);
