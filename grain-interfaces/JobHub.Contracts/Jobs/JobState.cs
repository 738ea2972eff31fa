using System.Text.Json.Serialization;
using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>Where a job is in its life: submitted → queued → starting → running → one of the end states.</summary>
[GenerateSerializer]
[Alias("jobhub.JobState")]
[JsonConverter(typeof(JsonStringEnumConverter<JobState>))]
public enum JobState
{
    /// <summary>Accepted; nothing reserved yet.</summary>
    [JsonStringEnumMemberName("submitted")]
    Submitted = 0,

    /// <summary>Waiting for the node pool to place its processes (the reason says what is missing).</summary>
    [JsonStringEnumMemberName("queued")]
    Queued = 1,

    /// <summary>Placed; processes are starting (a fixed pool's master waits for its minimum workers).</summary>
    [JsonStringEnumMemberName("starting")]
    Starting = 2,

    /// <summary>The master runs.</summary>
    [JsonStringEnumMemberName("running")]
    Running = 3,

    /// <summary>The master exited with code 0.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed = 4,

    /// <summary>The master exited with another code, could not start, or was lost; or the job could not start.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed = 5,

    /// <summary>Stopped by its owner.</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped = 6,

    /// <summary>Ran into its time limit.</summary>
    [JsonStringEnumMemberName("timedOut")]
    TimedOut = 7,

    /// <summary>Its running cost reached the spec's cost limit (docs/billing.md).</summary>
    [JsonStringEnumMemberName("costLimitReached")]
    CostLimitReached = 8,
}
