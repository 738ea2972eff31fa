namespace JobHub.GrainInterfaces.Jobs;

/// <summary>One step of a job's history.</summary>
/// <param name="State">The state entered.</param>
/// <param name="Time">When (UTC, from the silo's clock).</param>
/// <param name="Reason">Why, in words for the job's owner.</param>
public sealed record JobTransition(JobState State, DateTimeOffset Time, string Reason);
