using System.Text.Json.Serialization;
using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>How a job runs: one process, or a master plus workers spread over nodes.</summary>
[GenerateSerializer]
[Alias("jobhub.JobMode")]
[JsonConverter(typeof(JsonStringEnumConverter<JobMode>))]
public enum JobMode
{
    /// <summary>One process on one node; <see cref="JobSpec.Distributed"/> must be null.</summary>
    [JsonStringEnumMemberName("single-process")]
    SingleProcess = 0,

    /// <summary>A master and workers; <see cref="JobSpec.Distributed"/> says how many and where.</summary>
    [JsonStringEnumMemberName("distributed")]
    Distributed = 1,
}
