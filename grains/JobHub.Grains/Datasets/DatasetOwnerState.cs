using JobHub.Contracts.Datasets;
using Orleans;

namespace JobHub.Grains.Datasets;

/// <summary>The persisted state of one owner's datasets grain: each dataset's metadata by name, and for each dataset shared with a project, when that project was created.</summary>
[GenerateSerializer]
[Alias("jobhub.DatasetOwnerState")]
internal sealed class DatasetOwnerState
{
    [Id(0)]
    public Dictionary<string, DatasetInfo> Datasets { get; set; } = [];

    /// <summary>
    /// Dataset name → the creation time of the project it is shared with: a share holds for that project only, not for a
    /// project created later under the same name.
    /// </summary>
    [Id(1)]
    public Dictionary<string, DateTimeOffset> ProjectCreatedAt { get; set; } = [];
}
