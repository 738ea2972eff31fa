using JobHub.Contracts.Datasets;
using Orleans;

namespace JobHub.Grains.Datasets;

/// <summary>The persisted state of one owner's datasets grain: each dataset's metadata by name.</summary>
[GenerateSerializer]
[Alias("jobhub.DatasetOwnerState")]
internal sealed class DatasetOwnerState
{
    [Id(0)]
    public Dictionary<string, DatasetInfo> Datasets { get; set; } = [];
}
