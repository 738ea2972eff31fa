using JobHub.Contracts.Projects;
using Orleans;

namespace JobHub.Grains.Projects;

/// <summary>The persisted state of the project directory: one row per project, by name.</summary>
[GenerateSerializer]
[Alias("jobhub.ProjectDirectoryState")]
internal sealed class ProjectDirectoryState
{
    [Id(0)]
    public Dictionary<string, ProjectInfo> Projects { get; set; } = new(StringComparer.Ordinal);
}
