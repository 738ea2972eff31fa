using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Audit;
using JobHub.Silo.Api.Problems;
using JobHub.Silo.Hosting.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobHub.Silo.Api.Identity;

/// <summary>
/// <c>GET /api/v1/users/{name}</c> and a group's features (<c>GET /api/v1/groups/{realm}/{name}/features</c>, <c>PUT</c> /
/// <c>DELETE …/features/{feature}</c>), added to the identity route group by <see cref="IdentityApi.MapIdentityApi"/>.
/// A user is shown to admins, customer admins and themselves; to anyone else it does not exist (404, so names do not
/// leak). Group features are read by admins and customer admins and changed under the grains' rules (<c>IdentityPolicy</c>).
/// </summary>
internal static class IdentityLookupApi
{
    private const string GroupReadRule = "only admins and customer admins read a group's features";

    public static RouteGroupBuilder MapIdentityLookups(this RouteGroupBuilder api)
    {
        api.MapGet("/users/{name}", GetUserAsync).WithName("GetUser")
            .WithSummary("One user with status, email, groups and directly granted features (admins and customer admins: anyone; others: themselves only, 404 for anyone else).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapGet("/groups/{realm}/{name}/features", GetGroupAsync).WithName("GetGroupFeatures")
            .WithSummary("A group and the features granted to it (admins and customer admins).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPut("/groups/{realm}/{name}/features/{feature}", GrantGroupFeatureAsync).WithName("GrantGroupFeature")
            .WithSummary("Grants a feature to every member of a group.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapDelete("/groups/{realm}/{name}/features/{feature}", RevokeGroupFeatureAsync).WithName("RevokeGroupFeature")
            .WithSummary("Takes a feature granted to a group back.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> GetUserAsync(string name, HttpContext context, IGrainFactory grains)
    {
        if (IdentityNames.UserNameProblem(name) is not null)
        {
            return IdentityProblems.NoSuchUser(name);
        }

        var actor = CallerIdentity.Actor(context);
        var mayRead = string.Equals(actor, name, StringComparison.Ordinal) || IsUserAdministrator(context);
        return mayRead && await grains.User(name).Find() is { } user ? TypedResults.Ok(user) : IdentityProblems.NoSuchUser(name);
    }

    private static async Task<Results<Ok<GroupInfo>, ProblemHttpResult>> GetGroupAsync(string realm, string name, HttpContext context, IGrainFactory grains)
    {
        var group = new GroupRef(realm, name);
        if (IdentityNames.GroupProblem(group) is { } problem)
        {
            return IdentityProblems.NoSuchGroup(realm, name, problem);
        }

        if (!IsUserAdministrator(context))
        {
            throw new IdentityAccessDeniedException(CallerIdentity.Actor(context), $"read the features of {group.Key}", GroupReadRule);
        }

        return TypedResults.Ok(await grains.Group(group).Get());
    }

    private static Task<Results<Ok<GroupInfo>, ProblemHttpResult>> GrantGroupFeatureAsync(string realm, string name, string feature, HttpContext context, IGrainFactory grains, IAuditLog audit) =>
        ChangeGroupFeatureAsync(realm, name, feature, grant: true, context, grains, audit);

    private static Task<Results<Ok<GroupInfo>, ProblemHttpResult>> RevokeGroupFeatureAsync(string realm, string name, string feature, HttpContext context, IGrainFactory grains, IAuditLog audit) =>
        ChangeGroupFeatureAsync(realm, name, feature, grant: false, context, grains, audit);

    private static async Task<Results<Ok<GroupInfo>, ProblemHttpResult>> ChangeGroupFeatureAsync(
        string realm, string name, string feature, bool grant, HttpContext context, IGrainFactory grains, IAuditLog audit)
    {
        var group = new GroupRef(realm, name);
        if (IdentityNames.GroupProblem(group) is { } problem)
        {
            return IdentityProblems.NoSuchGroup(realm, name, problem);
        }

        if (IdentityNames.FeatureProblem(feature) is { } featureProblem)
        {
            return ApiProblems.Field("feature", featureProblem + ".");
        }

        var actor = CallerIdentity.Actor(context);
        var action = grant ? "group.feature.grant" : "group.feature.revoke";
        GroupInfo changed;
        try
        {
            changed = grant ? await grains.Group(group).GrantFeature(actor, feature) : await grains.Group(group).RevokeFeature(actor, feature);
        }
        catch (Exception e) when (e is IdentityAccessDeniedException or IdentityConflictException)
        {
            await audit.AppendAsync(new AuditRecord(actor, action, group.Key, "denied", feature), context.RequestAborted);
            throw;
        }

        await audit.AppendAsync(new AuditRecord(actor, action, group.Key, "ok", feature), context.RequestAborted);
        return TypedResults.Ok(changed);
    }

    private static bool IsUserAdministrator(HttpContext context) =>
        JobHubPrincipal.IsIn(context.User, BuiltInGroups.Admins) || JobHubPrincipal.IsIn(context.User, BuiltInGroups.CustomerAdmins);
}
