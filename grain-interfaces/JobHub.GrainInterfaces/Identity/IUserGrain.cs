using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using Orleans;
using Orleans.Concurrency;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>
/// One user (key: the user name, see <see cref="IdentityNames.UserNameProblem"/>): status, email, groups, features and
/// the list of their API tokens (ids and names, never secrets). The source of truth for group membership; the user
/// directory holds a copy for lists. Every change names the acting user (<c>actor</c>), whose own user grain is asked
/// for their groups, and is refused with <see cref="IdentityAccessDeniedException"/> or
/// <see cref="IdentityConflictException"/> (nothing changed) when a rule forbids it. A malformed key or argument throws
/// <see cref="IdentityInputRejectedException"/>. Every change is idempotent.
/// </summary>
[Alias("jobhub.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// The user, or null when there is none. Read-only, and answered even while the grain waits on another call, so a
    /// grain that checks an acting user never waits in a cycle.
    /// </summary>
    [AlwaysInterleave]
    [Alias("Find")]
    Task<UserInfo?> Find();

    /// <summary>The user; <see cref="UserNotFoundException"/> when there is none.</summary>
    [Alias("Get")]
    Task<UserInfo> Get();

    /// <summary>Status, groups and effective features (the user's own and their groups'), for authorising a call.</summary>
    [Alias("GetAccess")]
    Task<UserAccess> GetAccess();

    /// <summary>
    /// Creates the built-in user of this key (<c>admin</c>: regular, in <c>admins</c> and <c>users</c>; <c>anon</c>:
    /// regular, in <c>anon</c> only) or restores its built-in groups. For the silo's bootstrap only.
    /// </summary>
    [Alias("EnsureBuiltIn")]
    Task<UserInfo> EnsureBuiltIn();

    /// <summary>
    /// Creates a staged user (or, for a staged user with the same email, records the new invitation and adds the groups
    /// and features). Only admins and customer admins; groups and features follow the same rules as
    /// <see cref="JoinGroup"/> and <see cref="GrantFeature"/>. Called by the invitations desk after it reserved the name.
    /// </summary>
    [Alias("Stage")]
    Task<UserInfo> Stage(string actor, StagedUserSpec spec);

    /// <summary>
    /// Makes a staged user regular (and a member of <c>jobhub/users</c>) when <paramref name="invitationId"/> is their
    /// current invitation; a repeat with the same invitation answers the user as they are. Otherwise
    /// <see cref="InvitationRefusedException"/>. Called by the invitation grain.
    /// </summary>
    [Alias("Promote")]
    Task<UserInfo> Promote(string invitationId);

    /// <summary>
    /// A login through the identity provider (OpenID Connect) with a token whose email is <paramref name="email"/>: a staged
    /// user with that email becomes regular (their first login); a regular user's <c>site</c> groups are made equal to
    /// <paramref name="siteGroups"/> (names, joined and left; <c>jobhub</c> groups never change). A disabled user, a missing
    /// user or an email that is not theirs is refused and nothing changes. Called by the silo's authentication.
    /// </summary>
    [Alias("FederatedLogin")]
    Task<FederatedLogin> FederatedLogin(string email, ImmutableArray<string> siteGroups);

    /// <summary>Puts the user in <paramref name="group"/> (staged users too). See <c>docs/identity.md</c> for who may.</summary>
    [Alias("JoinGroup")]
    Task<UserInfo> JoinGroup(string actor, GroupRef group);

    /// <summary>Takes the user out of <paramref name="group"/>; never out of <c>jobhub/users</c>.</summary>
    [Alias("LeaveGroup")]
    Task<UserInfo> LeaveGroup(string actor, GroupRef group);

    /// <summary>Grants <paramref name="feature"/> to the user (admins and customer admins; customer admins not to an admin).</summary>
    [Alias("GrantFeature")]
    Task<UserInfo> GrantFeature(string actor, string feature);

    /// <summary>Takes <paramref name="feature"/> back (the same rule as granting).</summary>
    [Alias("RevokeFeature")]
    Task<UserInfo> RevokeFeature(string actor, string feature);

    /// <summary>Disables a regular user: they can no longer act and their tokens are refused (the built-in users cannot be disabled).</summary>
    [Alias("Disable")]
    Task<UserInfo> Disable(string actor);

    /// <summary>Makes a disabled user regular again; their tokens that have not expired work again.</summary>
    [Alias("Enable")]
    Task<UserInfo> Enable(string actor);

    /// <summary>
    /// Deletes a staged user (their invitation is then refused). Regular and disabled users are never deleted:
    /// <see cref="IdentityConflictException"/>. Deleting a user that does not exist does nothing.
    /// </summary>
    [Alias("DeleteStaged")]
    Task DeleteStaged(string actor);

    /// <summary>
    /// Issues an API token for the user: the user themselves or an admin; the user must be regular. The secret is in the
    /// answer only; the token expires after the idle lifetime without use.
    /// </summary>
    [Alias("CreateToken")]
    Task<IssuedApiToken> CreateToken(string actor, string name);

    /// <summary>The user's tokens (the user themselves or an admin), oldest first: never the secrets.</summary>
    [Alias("ListTokens")]
    Task<ImmutableArray<ApiTokenInfo>> ListTokens(string actor);

    /// <summary>Revokes one of the user's tokens (the user themselves or an admin); it is refused from then on. <see cref="ApiTokenNotFoundException"/> for an id the user does not hold.</summary>
    [Alias("RevokeToken")]
    Task RevokeToken(string actor, string tokenId);

    /// <summary>
    /// Registers a token that never expires for the built-in <c>admin</c> (for the silo's bootstrap only):
    /// <see cref="BootstrapTokenKind.Configured"/> replaces (revokes) an earlier configured token with another id;
    /// <see cref="BootstrapTokenKind.FirstStart"/> is issued once ever: null when one was issued before with another id.
    /// A token once revoked stays revoked (its info says so).
    /// </summary>
    [Alias("RegisterBootstrapToken")]
    Task<ApiTokenInfo?> RegisterBootstrapToken(BootstrapTokenKind kind, string tokenId);
}
