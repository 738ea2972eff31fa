using System.Collections.Immutable;
using JobHub.Contracts.Audit;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Audit;
using JobHub.Silo.Api.Problems;
using JobHub.Silo.Hosting.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api.Identity;

/// <summary>
/// <c>/api/v1/me</c>, <c>/tokens</c>, <c>/users</c>, <c>/groups/{realm}/{name}/members</c> and <c>/invitations/accept</c>:
/// the identity grains over HTTP. The acting user is the caller of an accepted API token, <c>anon</c> without one; every
/// rule is the grains' (<c>IdentityPolicy</c>), refused with 403 naming the rule. Values in the URL that can name nothing
/// are answered 404 (a feature: 400) before any grain is asked. Answers that carry a secret (a new token or invitation
/// code) are the only place it ever appears, and are sent with <c>Cache-Control: no-store</c>.
/// </summary>
public static class IdentityApi
{
    private const string ListRule = "only admins and customer admins list users and group members";

    public static RouteGroupBuilder MapIdentityApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var api = routes.MapGroup("/api/v1").WithTags("Identity").ProducesCommonProblems()
            .WithMetadata(new RequestSizeLimitAttribute(JobLimits.MaxJsonBodyBytes));
        api.MapGet("/me", MeAsync).WithName("GetMe").WithSummary("Who the caller is: user name, status, groups and effective features ('anon' without a token).");

        api.MapGet("/tokens", ListTokensAsync).WithName("ListTokens")
            .WithSummary("The caller's API tokens (admins: any user's, with user=), never the secrets.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPost("/tokens", CreateTokenAsync).WithName("CreateToken")
            .WithSummary("Issues an API token for the caller (admins: for any regular user, with user=); the secret is in this answer only.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapDelete("/tokens/{id}", RevokeTokenAsync).WithName("RevokeToken")
            .WithSummary("Revokes one of the caller's tokens (admins: any user's, with user=); it is refused from then on.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        api.MapGet("/users", ListUsersAsync).WithName("ListUsers").WithSummary("Every user with status, email and groups (admins and customer admins).")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        api.MapPost("/users", InviteAsync).WithName("InviteUser")
            .WithSummary("Invites an email: creates a staged user (pre-configured with groups and features) and an invitation code, shown in this answer only.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
        api.MapPost("/users/{name}/disable", DisableAsync).WithName("DisableUser").WithSummary("Disables a regular user: they can do nothing and their tokens are refused.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapPost("/users/{name}/enable", EnableAsync).WithName("EnableUser").WithSummary("Makes a disabled user regular again; their unexpired tokens work again.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapDelete("/users/{name}", DeleteStagedAsync).WithName("DeleteStagedUser").WithSummary("Deletes a staged (invited) user; regular users are never deleted (409).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapPut("/users/{name}/features/{feature}", GrantFeatureAsync).WithName("GrantUserFeature").WithSummary("Grants a feature to a user.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapDelete("/users/{name}/features/{feature}", RevokeFeatureAsync).WithName("RevokeUserFeature").WithSummary("Takes a feature granted to a user back.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        api.MapGet("/groups/{realm}/{name}/members", ListMembersAsync).WithName("ListGroupMembers").WithSummary("The members of a group (admins and customer admins).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPut("/groups/{realm}/{name}/members/{user}", AddMemberAsync).WithName("AddGroupMember").WithSummary("Puts a user in a group.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapDelete("/groups/{realm}/{name}/members/{user}", RemoveMemberAsync).WithName("RemoveGroupMember").WithSummary("Takes a user out of a group.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        api.MapPost("/invitations/accept", AcceptInvitationAsync).WithName("AcceptInvitation")
            .WithSummary("Redeems an invitation code (no token needed): the staged user becomes regular and gets their first API token, shown in this answer only.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status410Gone);
        api.MapIdentityLookups();
        return api;
    }

    private static async Task<Ok<UserAccess>> MeAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(await grains.User(CallerIdentity.Actor(context)).GetAccess());

    private static async Task<Results<Ok<ImmutableArray<ApiTokenInfo>>, ProblemHttpResult>> ListTokensAsync(HttpContext context, IGrainFactory grains, string? user = null)
    {
        var actor = CallerIdentity.Actor(context);
        return OwnerProblem(user) is { } problem ? problem : TypedResults.Ok(await grains.User(user ?? actor).ListTokens(actor));
    }

    private static async Task<Results<Created<IssuedApiToken>, ProblemHttpResult>> CreateTokenAsync(CreateTokenRequest request, HttpContext context, IGrainFactory grains, string? user = null)
    {
        var actor = CallerIdentity.Actor(context);
        if (OwnerProblem(user) is { } problem)
        {
            return problem;
        }

        if (IdentityNames.TokenNameProblem(request.Name) is { } nameProblem)
        {
            return ApiProblems.Field("name", nameProblem + ".");
        }

        var owner = user ?? actor;
        var issued = await IdentityAudit.RecordAsync(context, actor, "token.create", owner, () => grains.User(owner).CreateToken(actor, request.Name), i => $"token '{i.Info.Name}'");
        NoStore(context);
        return TypedResults.Created((string?)null, issued);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(string id, HttpContext context, IGrainFactory grains, string? user = null)
    {
        if (!SecretId.IsWellFormed(id))
        {
            return IdentityProblems.NoSuchToken(id);
        }

        var actor = CallerIdentity.Actor(context);
        if (OwnerProblem(user) is { } problem)
        {
            return problem;
        }

        var owner = user ?? actor;
        await IdentityAudit.RecordAsync(context, actor, "token.revoke", owner, () => grains.User(owner).RevokeToken(actor, id), $"token id {id[..12]}…");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ImmutableArray<UserSummary>>> ListUsersAsync(HttpContext context, IGrainFactory grains)
    {
        RequireUserAdministrator(context, "list users");
        return TypedResults.Ok(await grains.UserDirectory().List());
    }

    private static async Task<Created<IssuedInvitation>> InviteAsync(InvitationRequest request, HttpContext context, IGrainFactory grains)
    {
        var actor = CallerIdentity.Actor(context);
        var issued = await IdentityAudit.RecordAsync(
            context,
            actor,
            "user.invite",
            request.UserName ?? request.Email ?? string.Empty,
            () => grains.Invitations().Invite(actor, request),
            i => $"staged user '{i.Info.UserName}' invited ({i.Info.Email}); groups: {string.Join(", ", (request.Groups.IsDefault ? ImmutableArray<GroupRef>.Empty : request.Groups).Select(g => g.Key))}; features: {string.Join(", ", request.Features.IsDefault ? ImmutableArray<string>.Empty : request.Features)}");
        NoStore(context);
        return TypedResults.Created($"/api/v1/users/{issued.Info.UserName}", issued);
    }

    private static Task<Results<Ok<UserInfo>, ProblemHttpResult>> DisableAsync(string name, HttpContext context, IGrainFactory grains) =>
        ChangeUserAsync(name, "user.disable", (user, actor) => user.Disable(actor), context, grains);

    private static Task<Results<Ok<UserInfo>, ProblemHttpResult>> EnableAsync(string name, HttpContext context, IGrainFactory grains) =>
        ChangeUserAsync(name, "user.enable", (user, actor) => user.Enable(actor), context, grains);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteStagedAsync(string name, HttpContext context, IGrainFactory grains)
    {
        if (IdentityNames.UserNameProblem(name) is not null)
        {
            return IdentityProblems.NoSuchUser(name);
        }

        var actor = CallerIdentity.Actor(context);
        await IdentityAudit.RecordAsync(context, actor, "user.delete", name, () => grains.User(name).DeleteStaged(actor), "staged user deleted");
        return TypedResults.NoContent();
    }

    private static Task<Results<Ok<UserInfo>, ProblemHttpResult>> GrantFeatureAsync(string name, string feature, HttpContext context, IGrainFactory grains) =>
        IdentityNames.FeatureProblem(feature) is { } problem
            ? Task.FromResult<Results<Ok<UserInfo>, ProblemHttpResult>>(ApiProblems.Field("feature", problem + "."))
            : ChangeUserAsync(name, "user.feature.grant", (user, actor) => user.GrantFeature(actor, feature), context, grains, $"feature '{feature}'");

    private static Task<Results<Ok<UserInfo>, ProblemHttpResult>> RevokeFeatureAsync(string name, string feature, HttpContext context, IGrainFactory grains) =>
        IdentityNames.FeatureProblem(feature) is { } problem
            ? Task.FromResult<Results<Ok<UserInfo>, ProblemHttpResult>>(ApiProblems.Field("feature", problem + "."))
            : ChangeUserAsync(name, "user.feature.revoke", (user, actor) => user.RevokeFeature(actor, feature), context, grains, $"feature '{feature}'");

    private static async Task<Results<Ok<ImmutableArray<UserSummary>>, ProblemHttpResult>> ListMembersAsync(string realm, string name, HttpContext context, IGrainFactory grains)
    {
        if (IdentityNames.GroupProblem(new GroupRef(realm, name)) is { } problem)
        {
            return IdentityProblems.NoSuchGroup(realm, name, problem);
        }

        RequireUserAdministrator(context, $"list the members of {realm}/{name}");
        return TypedResults.Ok(await grains.Group(new GroupRef(realm, name)).ListMembers());
    }

    private static Task<Results<Ok<UserInfo>, ProblemHttpResult>> AddMemberAsync(string realm, string name, string user, HttpContext context, IGrainFactory grains) =>
        ChangeMembershipAsync(realm, name, user, join: true, context, grains);

    private static Task<Results<Ok<UserInfo>, ProblemHttpResult>> RemoveMemberAsync(string realm, string name, string user, HttpContext context, IGrainFactory grains) =>
        ChangeMembershipAsync(realm, name, user, join: false, context, grains);

    private static async Task<Results<Ok<RedeemedInvitation>, ProblemHttpResult>> AcceptInvitationAsync(AcceptInvitationRequest request, HttpContext context, IGrainFactory grains)
    {
        if (!ApiTokenFormat.IsWellFormedInvitationCode(request.Code))
        {
            return ApiProblems.Field("code", $"This is not an invitation code: one is '{ApiTokenFormat.InvitationCodePrefix}' followed by at least {ApiTokenFormat.MinSecretLength} characters of A-Z a-z 0-9 - _ (the value is not shown).");
        }

        var audit = context.RequestServices.GetRequiredService<IAuditLog>();
        RedeemedInvitation redeemed;
        try
        {
            redeemed = await grains.Invitations().Redeem(request.Code);
        }
        catch (InvitationRefusedException refused)
        {
            await audit.AppendAsync(new AuditRecord(BuiltInUsers.Anon, "user.login", "invitation", AuditOutcomes.Denied, refused.Reason), CancellationToken.None);
            throw;
        }

        await audit.AppendAsync(new AuditRecord(redeemed.User.Name, "user.login", redeemed.User.Name, AuditOutcomes.Ok, "first login: invitation redeemed, first API token issued"), CancellationToken.None);
        NoStore(context);
        return TypedResults.Ok(redeemed);
    }

    private static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> ChangeUserAsync(string name, string action, Func<IUserGrain, string, Task<UserInfo>> change, HttpContext context, IGrainFactory grains, string? detail = null)
    {
        if (IdentityNames.UserNameProblem(name) is not null)
        {
            return IdentityProblems.NoSuchUser(name);
        }

        var actor = CallerIdentity.Actor(context);
        return TypedResults.Ok(await IdentityAudit.RecordAsync(context, actor, action, name, () => change(grains.User(name), actor), _ => detail));
    }

    private static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> ChangeMembershipAsync(string realm, string name, string user, bool join, HttpContext context, IGrainFactory grains)
    {
        var group = new GroupRef(realm, name);
        if (IdentityNames.GroupProblem(group) is { } problem)
        {
            return IdentityProblems.NoSuchGroup(realm, name, problem);
        }

        if (IdentityNames.UserNameProblem(user) is not null)
        {
            return IdentityProblems.NoSuchUser(user);
        }

        var actor = CallerIdentity.Actor(context);
        return TypedResults.Ok(await IdentityAudit.RecordAsync(
            context,
            actor,
            join ? "group.member.add" : "group.member.remove",
            user,
            () => join ? grains.Group(group).AddMember(actor, user) : grains.Group(group).RemoveMember(actor, user),
            _ => $"group {group.Key}"));
    }

    /// <summary>A <c>user=</c> query value that cannot be a user name: 400 naming it.</summary>
    private static ProblemHttpResult? OwnerProblem(string? user) =>
        user is not null && IdentityNames.UserNameProblem(user) is { } problem ? ApiProblems.Field("user", problem + ".") : null;

    /// <summary>Lists of users show every user's email and groups: admins and customer admins only.</summary>
    private static void RequireUserAdministrator(HttpContext context, string action)
    {
        if (!JobHubPrincipal.IsIn(context.User, BuiltInGroups.Admins) && !JobHubPrincipal.IsIn(context.User, BuiltInGroups.CustomerAdmins))
        {
            throw new IdentityAccessDeniedException(CallerIdentity.Actor(context), action, ListRule);
        }
    }

    /// <summary>An answer holding a secret is never kept by a cache.</summary>
    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";
}
