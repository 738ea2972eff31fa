using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using Orleans;

namespace JobHub.Contracts.Projects;

/// <summary>A project: a named workspace with an owner and member groups, whose members share its secrets (<c>project:{name}</c>).</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ProjectInfo")]
public sealed record ProjectInfo
{
    /// <summary>The project name (the rules of a user name, <see cref="ProjectNames.NameProblem"/>).</summary>
    [Id(0)]
    public required string Name { get; init; }

    /// <summary>The regular user who created it; they and the admins change and delete it.</summary>
    [Id(1)]
    public required string Owner { get; init; }

    /// <summary>The member groups (realm <c>jobhub</c> or <c>site</c>), sorted by key: their members are members of the project.</summary>
    [Id(2)]
    public ImmutableArray<GroupRef> Groups { get; init; } = [];

    /// <summary>When it was created.</summary>
    [Id(3)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when <paramref name="user"/> (with <paramref name="groups"/>) owns the project or is in one of its groups.</summary>
    public bool HasMember(string user, IEnumerable<GroupRef> groups) =>
        string.Equals(user, Owner, StringComparison.Ordinal) || (groups ?? []).Any(Groups.Contains);
}
