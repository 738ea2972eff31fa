using JobHub.Contracts.Identity;
using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>The identity grains by their keys: <c>grains.User("alice")</c>, <c>grains.Group(BuiltInGroups.Admins)</c>…</summary>
public static class IdentityGrainKeys
{
    /// <summary>The key of the one user directory and of the invitations desk.</summary>
    public const string Default = "default";

    /// <summary>The user grain of <paramref name="name"/>.</summary>
    public static IUserGrain User(this IGrainFactory grains, string name)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IUserGrain>(name);
    }

    /// <summary>The group grain of <paramref name="group"/> (key <c>{realm}/{name}</c>).</summary>
    public static IGroupGrain Group(this IGrainFactory grains, GroupRef group)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(group);
        return grains.GetGrain<IGroupGrain>(group.Key);
    }

    /// <summary>The grain of the API token whose id (hex SHA-256) is <paramref name="tokenId"/>.</summary>
    public static IApiTokenGrain ApiToken(this IGrainFactory grains, string tokenId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IApiTokenGrain>(tokenId);
    }

    /// <summary>The grain of the API token <paramref name="token"/> (looked up by its hash).</summary>
    public static IApiTokenGrain ApiTokenFor(this IGrainFactory grains, string token) => grains.ApiToken(SecretId.Of(token));

    /// <summary>The grain of the invitation whose id (hex SHA-256 of the code) is <paramref name="invitationId"/>.</summary>
    public static IInvitationGrain Invitation(this IGrainFactory grains, string invitationId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IInvitationGrain>(invitationId);
    }

    /// <summary>The invitations desk (a stateless worker): invite, redeem.</summary>
    public static IInvitationsGrain Invitations(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IInvitationsGrain>(Default);
    }

    /// <summary>The user directory: the list of users, their emails and groups.</summary>
    public static IUserDirectoryGrain UserDirectory(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IUserDirectoryGrain>(Default);
    }
}
