using JobHub.Contracts.Identity;
using JobHub.Contracts.Projects;

namespace JobHub.Client;

/// <summary>
/// Projects (<c>/api/v1/projects</c>): named workspaces with an owner and member groups, whose members share the secrets of
/// <c>project:{name}</c> and submit jobs in them (<c>JobSpec.Project</c>). Any regular user creates one and owns it; the owner
/// and admins change and delete it; members and admins read it. Names and groups are checked first
/// (<see cref="ProjectNames"/>, <see cref="IdentityNames"/>; <see cref="JobHubValidationException"/>, nothing sent).
/// </summary>
public sealed partial class JobHubClient
{
    /// <summary>Creates project <paramref name="name"/>, owned by the caller, with member <paramref name="groups"/> (none is fine).</summary>
    /// <exception cref="JobHubValidationException">The name or a group breaks the rules, or there are more than 100 groups; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">409 when the name is taken; 403 for callers who may not create projects (anonymous, staged, disabled).</exception>
    public Task<ProjectInfo> CreateProjectAsync(string name, IEnumerable<GroupRef>? groups = null, CancellationToken cancellationToken = default)
    {
        GroupRef[] members = [.. groups ?? []];
        var checks = new List<(string, string?)> { ("name", ProjectNameProblem(name)) };
        checks.AddRange(members.Select((g, i) => ($"groups[{i}]", IdentityChecks.GroupProblem(g))));
        if (members.Length > ProjectNames.MaxGroups)
        {
            checks.Add(("groups", $"A project has at most {ProjectNames.MaxGroups} member groups (were {members.Length})."));
        }

        RequestChecks.ThrowIfAny([.. checks]);
        return SendAsync<ProjectInfo>(HttpMethod.Post, "api/v1/projects", new CreateProjectRequest { Name = name, Groups = [.. members] }, cancellationToken);
    }

    /// <summary>The projects the caller owns or is a member of; with <paramref name="all"/>, every project (admins only, else 403).</summary>
    public async Task<IReadOnlyList<ProjectInfo>> ListProjectsAsync(bool all = false, CancellationToken cancellationToken = default) =>
        await SendAsync<List<ProjectInfo>>(HttpMethod.Get, all ? "api/v1/projects?all=true" : "api/v1/projects", null, cancellationToken);

    /// <summary>One project: owner, member groups, creation time (its members and admins).</summary>
    /// <exception cref="JobHubApiException">404 when there is no such project; 403 for callers who are neither members nor admins.</exception>
    public Task<ProjectInfo> GetProjectAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<ProjectInfo>(HttpMethod.Get, ProjectPath(name), null, cancellationToken);

    /// <summary>Adds member <paramref name="group"/> to a project (its owner and admins); answers the project as it is now.</summary>
    /// <exception cref="JobHubApiException">403 for others; 404 when there is no such project; 409 when it has 100 groups already.</exception>
    public Task<ProjectInfo> AddProjectGroupAsync(string name, GroupRef group, CancellationToken cancellationToken = default) =>
        SendAsync<ProjectInfo>(HttpMethod.Put, ProjectGroupPath(name, group), null, cancellationToken);

    /// <summary>Removes member <paramref name="group"/> from a project (its owner and admins); answers the project as it is now.</summary>
    /// <exception cref="JobHubApiException">403 for others; 404 when there is no such project.</exception>
    public Task<ProjectInfo> RemoveProjectGroupAsync(string name, GroupRef group, CancellationToken cancellationToken = default) =>
        SendAsync<ProjectInfo>(HttpMethod.Delete, ProjectGroupPath(name, group), null, cancellationToken);

    /// <summary>Deletes a project <b>and every secret of <c>project:{name}</c></b> (its owner and admins).</summary>
    /// <exception cref="JobHubApiException">403 for others; 404 when there is no such project.</exception>
    public Task DeleteProjectAsync(string name, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(HttpMethod.Delete, ProjectPath(name), cancellationToken);

    private static string? ProjectNameProblem(string? name) =>
        ProjectNames.NameProblem(name) is { } problem ? char.ToUpperInvariant(problem[0]) + problem[1..] + "." : null;

    private static string ProjectPath(string name)
    {
        RequestChecks.ThrowIfAny(("name", ProjectNameProblem(name)));
        return "api/v1/projects/" + name;
    }

    private static string ProjectGroupPath(string name, GroupRef group)
    {
        RequestChecks.ThrowIfAny(("name", ProjectNameProblem(name)), ("group", IdentityChecks.GroupProblem(group)));
        return "api/v1/projects/" + name + "/groups/" + group.Realm + "/" + group.Name;
    }
}
