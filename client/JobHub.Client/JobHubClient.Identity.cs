using JobHub.Contracts.Identity;

namespace JobHub.Client;

/// <summary>
/// Users, groups, features, API tokens and invitations (<c>/api/v1/me</c>, <c>/tokens</c>, <c>/users</c>, <c>/groups</c>,
/// <c>/invitations/accept</c>). Who may do what is the server's (docs/identity.md): a refused call raises
/// <see cref="JobHubApiException"/> (403 naming the rule, 404 for a user, group or token the caller may not see, 409 for
/// a change no one may make). Names, groups, features, emails and ids are checked first (<see cref="JobHubValidationException"/>,
/// nothing sent). Tokens and invitation codes appear only in the answer that issues them; no message ever shows one.
/// </summary>
public sealed partial class JobHubClient
{
    /// <summary>Who the caller is: user name, status, groups and effective features (<c>anon</c> without a token).</summary>
    public Task<UserAccess> GetMeAsync(CancellationToken cancellationToken = default) =>
        SendAsync<UserAccess>(HttpMethod.Get, "api/v1/me", null, cancellationToken);

    /// <summary>
    /// Issues an API token for the caller (an admin may name another regular <paramref name="user"/>). The answer's
    /// <see cref="IssuedApiToken.Token"/> is the secret, shown this once; keep it safe.
    /// </summary>
    /// <exception cref="JobHubValidationException">The name is empty, longer than 100 characters or holds control characters, or the user name is malformed; nothing was sent.</exception>
    public Task<IssuedApiToken> CreateTokenAsync(string name, string? user = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("name", IdentityChecks.TokenNameProblem(name)), ("user", OptionalUserProblem(user)));
        return SendAsync<IssuedApiToken>(HttpMethod.Post, "api/v1/tokens" + UserQuery(user), new TokenRequest(name), cancellationToken);
    }

    /// <summary>The caller's API tokens (an admin may name another <paramref name="user"/>), oldest first; never the secrets.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(string? user = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("user", OptionalUserProblem(user)));
        return await SendAsync<List<ApiTokenInfo>>(HttpMethod.Get, "api/v1/tokens" + UserQuery(user), null, cancellationToken);
    }

    /// <summary>Revokes a token by its id (<see cref="ApiTokenInfo.TokenId"/>); it is refused from then on.</summary>
    /// <exception cref="JobHubApiException">404 when the user holds no token with this id.</exception>
    public Task RevokeTokenAsync(string tokenId, string? user = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("tokenId", IdentityChecks.TokenIdProblem(tokenId)), ("user", OptionalUserProblem(user)));
        return SendWithoutAnswerAsync(HttpMethod.Delete, "api/v1/tokens/" + tokenId + UserQuery(user), cancellationToken);
    }

    /// <summary>
    /// Invites an email (admins and customer admins): a staged user, pre-configured with the request's groups and features,
    /// and an invitation code (<see cref="IssuedInvitation.Code"/>, shown this once) to send to the invitee.
    /// </summary>
    /// <exception cref="JobHubApiException">409 for the email of a regular user or a taken name; 403 when the caller may not invite (into those groups).</exception>
    public Task<IssuedInvitation> InviteUserAsync(InvitationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestChecks.ThrowIfAny(IdentityChecks.InvitationProblems(request));
        return SendAsync<IssuedInvitation>(HttpMethod.Post, "api/v1/users", request, cancellationToken);
    }

    /// <summary>Every user with status, email and groups (admins and customer admins; 403 otherwise).</summary>
    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        await SendAsync<List<UserSummary>>(HttpMethod.Get, "api/v1/users", null, cancellationToken);

    /// <summary>One user (admins and customer admins: anyone; others: themselves).</summary>
    /// <exception cref="JobHubApiException">404 when there is no such user or the caller may not see them.</exception>
    public Task<UserInfo> GetUserAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<UserInfo>(HttpMethod.Get, UserPath(name), null, cancellationToken);

    /// <summary>Disables a regular user: they can do nothing and their tokens are refused until enabled again.</summary>
    public Task<UserInfo> DisableUserAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<UserInfo>(HttpMethod.Post, UserPath(name) + "/disable", null, cancellationToken);

    /// <summary>Makes a disabled user regular again; their unexpired tokens work again.</summary>
    public Task<UserInfo> EnableUserAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<UserInfo>(HttpMethod.Post, UserPath(name) + "/enable", null, cancellationToken);

    /// <summary>Deletes a staged (invited, not yet joined) user; their invitation is then refused.</summary>
    /// <exception cref="JobHubApiException">409 for a regular or disabled user (never deleted).</exception>
    public Task DeleteStagedUserAsync(string name, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(HttpMethod.Delete, UserPath(name), cancellationToken);

    /// <summary>Grants <paramref name="feature"/> to a user.</summary>
    public Task<UserInfo> GrantUserFeatureAsync(string name, string feature, CancellationToken cancellationToken = default) =>
        SendAsync<UserInfo>(HttpMethod.Put, UserPath(name) + "/features" + FeaturePath(feature), null, cancellationToken);

    /// <summary>Takes a feature granted to a user back.</summary>
    public Task<UserInfo> RevokeUserFeatureAsync(string name, string feature, CancellationToken cancellationToken = default) =>
        SendAsync<UserInfo>(HttpMethod.Delete, UserPath(name) + "/features" + FeaturePath(feature), null, cancellationToken);

    /// <summary>The members of a group, sorted by name (admins and customer admins).</summary>
    public async Task<IReadOnlyList<UserSummary>> ListGroupMembersAsync(GroupRef group, CancellationToken cancellationToken = default) =>
        await SendAsync<List<UserSummary>>(HttpMethod.Get, GroupPath(group) + "/members", null, cancellationToken);

    /// <summary>Puts <paramref name="user"/> in <paramref name="group"/>; answers the user as they are now.</summary>
    public Task<UserInfo> AddGroupMemberAsync(GroupRef group, string user, CancellationToken cancellationToken = default) =>
        SendAsync<UserInfo>(HttpMethod.Put, GroupPath(group) + "/members/" + CheckedUser(user, "user"), null, cancellationToken);

    /// <summary>Takes <paramref name="user"/> out of <paramref name="group"/>; answers the user as they are now.</summary>
    public Task<UserInfo> RemoveGroupMemberAsync(GroupRef group, string user, CancellationToken cancellationToken = default) =>
        SendAsync<UserInfo>(HttpMethod.Delete, GroupPath(group) + "/members/" + CheckedUser(user, "user"), null, cancellationToken);

    /// <summary>A group and the features granted to it (admins and customer admins).</summary>
    public Task<GroupInfo> GetGroupAsync(GroupRef group, CancellationToken cancellationToken = default) =>
        SendAsync<GroupInfo>(HttpMethod.Get, GroupPath(group) + "/features", null, cancellationToken);

    /// <summary>Grants <paramref name="feature"/> to every member of <paramref name="group"/>.</summary>
    public Task<GroupInfo> GrantGroupFeatureAsync(GroupRef group, string feature, CancellationToken cancellationToken = default) =>
        SendAsync<GroupInfo>(HttpMethod.Put, GroupPath(group) + "/features" + FeaturePath(feature), null, cancellationToken);

    /// <summary>Takes a feature granted to <paramref name="group"/> back.</summary>
    public Task<GroupInfo> RevokeGroupFeatureAsync(GroupRef group, string feature, CancellationToken cancellationToken = default) =>
        SendAsync<GroupInfo>(HttpMethod.Delete, GroupPath(group) + "/features" + FeaturePath(feature), null, cancellationToken);

    /// <summary>
    /// Redeems an invitation code (no token needed): the staged user becomes regular and gets their first API token,
    /// in <see cref="RedeemedInvitation.Token"/>, shown this once.
    /// </summary>
    /// <exception cref="JobHubValidationException">The value is not shaped like an invitation code (it is not shown); nothing was sent.</exception>
    /// <exception cref="JobHubApiException">404 for an unknown code; 410 for one already redeemed, expired or replaced.</exception>
    public Task<RedeemedInvitation> AcceptInvitationAsync(string code, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("code", IdentityChecks.InvitationCodeProblem(code)));
        return SendAsync<RedeemedInvitation>(HttpMethod.Post, "api/v1/invitations/accept", new InvitationCode(code), cancellationToken);
    }

    private static string? OptionalUserProblem(string? user) => user is null ? null : IdentityChecks.UserProblem(user);

    private static string UserQuery(string? user) => user is null ? string.Empty : "?user=" + Uri.EscapeDataString(user);

    private static string CheckedUser(string name, string field)
    {
        RequestChecks.ThrowIfAny((field, IdentityChecks.UserProblem(name)));
        return name;
    }

    private static string UserPath(string name) => "api/v1/users/" + CheckedUser(name, "name");

    private static string FeaturePath(string feature)
    {
        RequestChecks.ThrowIfAny(("feature", IdentityChecks.FeatureProblem(feature)));
        return "/" + feature;
    }

    private static string GroupPath(GroupRef group)
    {
        RequestChecks.ThrowIfAny(("group", IdentityChecks.GroupProblem(group)));
        return "api/v1/groups/" + group.Realm + "/" + group.Name;
    }

    /// <summary>Sends a call whose success has no body (204).</summary>
    private async Task SendWithoutAnswerAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, path, null);
        using var response = await SendForStreamAsync(request, cancellationToken);
    }

    private sealed record TokenRequest(string Name);

    private sealed record InvitationCode(string Code);
}
