using System.Security.Claims;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Projects;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Projects;
using JobHub.Silo.Hosting.Authentication;

namespace JobHub.Silo.Api.Projects;

/// <summary>Who is in a project, for the endpoints that take one (jobs name theirs in <c>JobSpec.Project</c>).</summary>
internal static class ProjectAccess
{
    /// <summary>
    /// Throws unless <paramref name="user"/> is a member of <paramref name="project"/> (its owner or in one of its groups):
    /// <see cref="ProjectNotFoundException"/> (404) when there is no such project, <see cref="IdentityAccessDeniedException"/>
    /// (403, naming the project) when there is one. Admins are no exception. A name that breaks the rules is left to
    /// <c>JobSpecValidator</c> (400, field <c>project</c>); no project at all passes.
    /// </summary>
    public static async Task RequireMemberAsync(IGrainFactory grains, string? project, string user, string action)
    {
        if (project is null || ProjectNames.NameProblem(project) is not null)
        {
            return;
        }

        var grain = grains.Project(project);
        if (await grain.IsMember(user))
        {
            return;
        }

        throw await grain.Find() is null
            ? new ProjectNotFoundException(project)
            : new IdentityAccessDeniedException(user, action, $"only members of project '{project}' (its owner and the members of its groups) may");
    }

    /// <summary>The groups of the caller's API token user (none for anyone else).</summary>
    public static IReadOnlyList<GroupRef> Groups(ClaimsPrincipal principal) =>
        [.. principal.Identities
            .Where(i => i.AuthenticationType == JobHubPrincipal.ApiTokenIdentity)
            .SelectMany(i => i.FindAll(JobHubPrincipal.GroupClaim))
            .Select(c => IdentityNames.ParseGroupKey(c.Value, out _))
            .OfType<GroupRef>()];
}
