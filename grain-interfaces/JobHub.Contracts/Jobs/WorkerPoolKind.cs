using System.Text.Json.Serialization;
using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>How a distributed job's workers come and go.</summary>
[GenerateSerializer]
[Alias("jobhub.WorkerPoolKind")]
[JsonConverter(typeof(JsonStringEnumConverter<WorkerPoolKind>))]
public enum WorkerPoolKind
{
    /// <summary>
    /// The master starts once the minimum number of workers runs; no worker joins after that and a
    /// failed worker is not restarted.
    /// </summary>
    [JsonStringEnumMemberName("fixed")]
    Fixed = 0,

    /// <summary>The master starts at once; workers join whenever placed and are restarted when they fail.</summary>
    [JsonStringEnumMemberName("elastic")]
    Elastic = 1,
}
