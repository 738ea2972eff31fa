using Orleans;

namespace JobHub.Grains.Datasets;

/// <summary>The persisted state of one dataset list: <c>owner/name</c> keys in ordinal order.</summary>
[GenerateSerializer]
[Alias("jobhub.PublicDatasetsState")]
internal sealed class DatasetDirectoryState
{
    [Id(0)]
    public List<string> Keys { get; set; } = [];
}
