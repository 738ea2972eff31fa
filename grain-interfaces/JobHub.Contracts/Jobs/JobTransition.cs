using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>One step of a job's history: a change of state, or a decision of its process autoscaler (<see cref="Scaling"/>).</summary>
/// <param name="State">The state entered (for a scaler's decision: the state the job was in).</param>
/// <param name="Time">When (UTC, from the silo's clock).</param>
/// <param name="Reason">Why, in words for the job's owner.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.JobTransition")]
public sealed record JobTransition([Id(0)] JobState State, [Id(1)] DateTimeOffset Time, [Id(2)] string Reason)
{
    /// <summary>For a step that is the process autoscaler's decision (the state did not change): what it saw and did; null otherwise.</summary>
    [Id(3)]
    public ScalingDecision? Scaling { get; init; }
}
