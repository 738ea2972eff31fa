using System.Text.Json.Serialization;
using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>The part a process plays in its job.</summary>
[GenerateSerializer]
[Alias("jobhub.WorkerRole")]
[JsonConverter(typeof(JsonStringEnumConverter<WorkerRole>))]
public enum WorkerRole
{
    /// <summary>Index 0: the job ends when it exits.</summary>
    [JsonStringEnumMemberName("master")]
    Master = 0,

    /// <summary>Indexes 1..N.</summary>
    [JsonStringEnumMemberName("worker")]
    Worker = 1,
}
