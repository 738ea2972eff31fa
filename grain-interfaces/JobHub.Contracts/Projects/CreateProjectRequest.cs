using System.Collections.Immutable;
using JobHub.Contracts.Identity;

namespace JobHub.Contracts.Projects;

/// <summary>The body of <c>POST /api/v1/projects</c>: the new project's name and its first member groups (none is fine).</summary>
public sealed record CreateProjectRequest
{
    /// <summary>The project name (<see cref="ProjectNames.NameProblem"/>).</summary>
    public required string Name { get; init; }

    /// <summary>Member groups (realm <c>jobhub</c> or <c>site</c>), at most <see cref="ProjectNames.MaxGroups"/>.</summary>
    public ImmutableArray<GroupRef> Groups { get; init; } = [];
}
