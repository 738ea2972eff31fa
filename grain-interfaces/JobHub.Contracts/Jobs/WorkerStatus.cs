using System.Text.Json.Serialization;
using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>One process of a job: pending → placed → starting → running → exited | failed | lost.</summary>
[GenerateSerializer]
[Alias("jobhub.WorkerStatus")]
[JsonConverter(typeof(JsonStringEnumConverter<WorkerStatus>))]
public enum WorkerStatus
{
    /// <summary>Not placed on a node yet.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending = 0,

    /// <summary>A node is reserved for it.</summary>
    [JsonStringEnumMemberName("placed")]
    Placed = 1,

    /// <summary>Its node is starting it (or it waits for a restart).</summary>
    [JsonStringEnumMemberName("starting")]
    Starting = 2,

    /// <summary>Its OS process runs.</summary>
    [JsonStringEnumMemberName("running")]
    Running = 3,

    /// <summary>It exited with code 0, or was stopped.</summary>
    [JsonStringEnumMemberName("exited")]
    Exited = 4,

    /// <summary>It exited with another code or could not start, and is not restarted.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed = 5,

    /// <summary>Its process disappeared with its node or silo, and is not restarted.</summary>
    [JsonStringEnumMemberName("lost")]
    Lost = 6,
}
