using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Projects;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Projects;
using JobHub.Silo.Api.Identity;
using JobHub.Silo.Api.Problems;
using JobHub.Silo.Hosting.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api.Projects;

/// <summary>
/// <c>/api/v1/projects</c>: create, list, read, change the member groups of and delete projects. Any regular user creates
/// one (and owns it); its owner and admins change and delete it; its members (owner, members of its groups) and admins read
/// it. A name in the URL that can name no project is 404, a project the caller may not see or change 403 (with the rule).
/// </summary>
public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var api = routes.MapGroup("/api/v1/projects").WithTags("Projects").ProducesCommonProblems()
            .WithMetadata(new RequestSizeLimitAttribute(JobLimits.MaxJsonBodyBytes));
        api.MapPost("/", CreateAsync).WithName("CreateProject")
            .WithSummary("Creates a project owned by the caller (any regular user), with member groups; 409 when the name is taken.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
        api.MapGet("/", ListAsync).WithName("ListProjects")
            .WithSummary("The projects the caller owns or is a member of (admins: every project, with all=true).")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        api.MapGet("/{name}", GetAsync).WithName("GetProject").WithSummary("A project (its members and admins).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPut("/{name}/groups/{realm}/{group}", AddGroupAsync).WithName("AddProjectGroup")
            .WithSummary("Adds a member group (owner and admins); its members become project members.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapDelete("/{name}/groups/{realm}/{group}", RemoveGroupAsync).WithName("RemoveProjectGroup")
            .WithSummary("Removes a member group (owner and admins).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapDelete("/{name}", DeleteAsync).WithName("DeleteProject")
            .WithSummary("Deletes a project and every secret of its namespace (owner and admins).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Created<ProjectInfo>, ProblemHttpResult>> CreateAsync(CreateProjectRequest request, HttpContext context, IGrainFactory grains)
    {
        if (ProjectNames.NameProblem(request.Name) is { } problem)
        {
            return ApiProblems.Field("name", problem + ".");
        }

        var info = await grains.Project(request.Name).Create(CallerIdentity.Actor(context), request.Groups.IsDefault ? [] : request.Groups);
        return TypedResults.Created($"/api/v1/projects/{info.Name}", info);
    }

    private static async Task<Ok<ImmutableArray<ProjectInfo>>> ListAsync(HttpContext context, IGrainFactory grains, bool all = false)
    {
        var actor = CallerIdentity.Actor(context);
        if (all && !JobHubPrincipal.IsIn(context.User, BuiltInGroups.Admins))
        {
            throw new IdentityAccessDeniedException(actor, "list every project", "only admins list every project");
        }

        var projects = await grains.ProjectDirectory().List();
        if (all)
        {
            return TypedResults.Ok(projects);
        }

        var groups = ProjectAccess.Groups(context.User);
        return TypedResults.Ok(CallerIdentity.IsAuthenticated(context) ? [.. projects.Where(p => p.HasMember(actor, groups))] : ImmutableArray<ProjectInfo>.Empty);
    }

    private static async Task<Results<Ok<ProjectInfo>, ProblemHttpResult>> GetAsync(string name, HttpContext context, IGrainFactory grains)
    {
        if (ProjectNames.NameProblem(name) is not null)
        {
            return NoSuchProject(name);
        }

        var info = await grains.Project(name).Find();
        if (info is null)
        {
            return NoSuchProject(name);
        }

        var actor = CallerIdentity.Actor(context);
        if (!(CallerIdentity.IsAuthenticated(context) && info.HasMember(actor, ProjectAccess.Groups(context.User))) && !JobHubPrincipal.IsIn(context.User, BuiltInGroups.Admins))
        {
            throw new IdentityAccessDeniedException(actor, $"read project '{name}'", "only its members and admins read a project");
        }

        return TypedResults.Ok(info);
    }

    private static Task<Results<Ok<ProjectInfo>, ProblemHttpResult>> AddGroupAsync(string name, string realm, string group, HttpContext context, IGrainFactory grains) =>
        ChangeGroupAsync(name, realm, group, add: true, context, grains);

    private static Task<Results<Ok<ProjectInfo>, ProblemHttpResult>> RemoveGroupAsync(string name, string realm, string group, HttpContext context, IGrainFactory grains) =>
        ChangeGroupAsync(name, realm, group, add: false, context, grains);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, HttpContext context, IGrainFactory grains)
    {
        if (ProjectNames.NameProblem(name) is not null)
        {
            return NoSuchProject(name);
        }

        await grains.Project(name).Delete(CallerIdentity.Actor(context));
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ProjectInfo>, ProblemHttpResult>> ChangeGroupAsync(string name, string realm, string group, bool add, HttpContext context, IGrainFactory grains)
    {
        if (ProjectNames.NameProblem(name) is not null)
        {
            return NoSuchProject(name);
        }

        var groupRef = new GroupRef(realm, group);
        if (IdentityNames.GroupProblem(groupRef) is { } problem)
        {
            return IdentityProblems.NoSuchGroup(realm, group, problem);
        }

        var project = grains.Project(name);
        var actor = CallerIdentity.Actor(context);
        return TypedResults.Ok(add ? await project.AddGroup(actor, groupRef) : await project.RemoveGroup(actor, groupRef));
    }

    private static ProblemHttpResult NoSuchProject(string name) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "No such project.",
            Detail = $"There is no project '{TextRules.Show(name)}' (project names are 1-64 lower-case letters, digits, '-', '_' and '.').",
        });
}
