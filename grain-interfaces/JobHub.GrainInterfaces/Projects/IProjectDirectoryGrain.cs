using System.Collections.Immutable;
using JobHub.Contracts.Projects;
using Orleans;

namespace JobHub.GrainInterfaces.Projects;

/// <summary>Every project in one list (key <c>default</c>), written by the project grains after each change; for listing.</summary>
[Alias("jobhub.IProjectDirectoryGrain")]
public interface IProjectDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces the row of <paramref name="project"/>.</summary>
    [Alias("Upsert")]
    Task Upsert(ProjectInfo project);

    /// <summary>Removes the row of <paramref name="name"/>.</summary>
    [Alias("Remove")]
    Task Remove(string name);

    /// <summary>Every project, sorted by name.</summary>
    [Alias("List")]
    Task<ImmutableArray<ProjectInfo>> List();
}
