using System.Collections.Immutable;
using JobHub.Contracts.Projects;
using JobHub.GrainInterfaces.Projects;
using JobHub.Grains.Identity;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Projects;

/// <summary>Every project in one grain state (key <c>default</c>): fine for hundreds to a few thousand projects.</summary>
[GrainType("projectdirectory")]
internal sealed class ProjectDirectoryGrain([PersistentState("projectDirectory")] IPersistentState<ProjectDirectoryState> state) : Grain, IProjectDirectoryGrain
{
    /// <inheritdoc />
    public async Task Upsert(ProjectInfo project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (state.State.Projects.TryGetValue(project.Name, out var row) && Same(row, project))
        {
            return;
        }

        state.State.Projects[project.Name] = project;
        await state.WriteOrDeactivateAsync(this);
    }

    /// <inheritdoc />
    public async Task Remove(string name)
    {
        if (state.State.Projects.Remove(name))
        {
            await state.WriteOrDeactivateAsync(this);
        }
    }

    /// <inheritdoc />
    public Task<ImmutableArray<ProjectInfo>> List() =>
        Task.FromResult<ImmutableArray<ProjectInfo>>([.. state.State.Projects.Values.OrderBy(p => p.Name, StringComparer.Ordinal)]);

    private static bool Same(ProjectInfo a, ProjectInfo b) =>
        a.Owner == b.Owner && a.CreatedAt == b.CreatedAt && a.Groups.SequenceEqual(b.Groups);
}
