using System.Text.Json.Serialization;

namespace JobHub.GrainInterfaces.Jobs;

/// <summary>The part a process plays in its job.</summary>
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
