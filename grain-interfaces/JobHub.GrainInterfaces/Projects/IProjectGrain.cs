using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Projects;
using Orleans;
using Orleans.Concurrency;

namespace JobHub.GrainInterfaces.Projects;

/// <summary>
/// One project (key: its name): owner, member groups, creation time. Any regular user creates one and owns it; the owner
/// and admins add and remove member groups and delete it (with its secrets). A refused change throws
/// <c>IdentityAccessDeniedException</c>, a bad input <c>IdentityInputRejectedException</c>, a missing project
/// <see cref="ProjectNotFoundException"/>; nothing is changed then.
/// </summary>
[Alias("jobhub.IProjectGrain")]
public interface IProjectGrain : IGrainWithStringKey
{
    /// <summary>The project, or null when there is none. Read-only; answered even while the grain waits on another call.</summary>
    [AlwaysInterleave]
    [Alias("Find")]
    Task<ProjectInfo?> Find();

    /// <summary>
    /// True when <paramref name="userName"/> is a regular user who owns the project or is in one of its groups; false for
    /// anyone else and when there is no project. Read-only, interleaving.
    /// </summary>
    [AlwaysInterleave]
    [Alias("IsMember")]
    Task<bool> IsMember(string userName);

    /// <summary>
    /// Creates the project owned by <paramref name="actor"/> (a regular user) with <paramref name="groups"/>. Repeating
    /// the same creation answers the project; a project of that name made otherwise is a conflict.
    /// </summary>
    [Alias("Create")]
    Task<ProjectInfo> Create(string actor, ImmutableArray<GroupRef> groups);

    /// <summary>Adds a member group (owner or admins); adding a group already there changes nothing.</summary>
    [Alias("AddGroup")]
    Task<ProjectInfo> AddGroup(string actor, GroupRef group);

    /// <summary>Removes a member group (owner or admins); removing a group not there changes nothing.</summary>
    [Alias("RemoveGroup")]
    Task<ProjectInfo> RemoveGroup(string actor, GroupRef group);

    /// <summary>Deletes the project and every secret of <c>project:{name}</c> (owner or admins); answers how many secrets went with it.</summary>
    [Alias("Delete")]
    Task<int> Delete(string actor);
}
