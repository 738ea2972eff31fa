using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using Orleans;
using Orleans.Concurrency;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>
/// One flat group (key <c>{realm}/{name}</c>): the four built-in groups of the <c>jobhub</c> realm, or any group of the
/// <c>site</c> realm. Holds the features granted to the group; membership is held by the user grains (this grain forwards
/// member changes to them) and listed from the user directory. A malformed key throws
/// <see cref="IdentityInputRejectedException"/> on every call.
/// </summary>
[Alias("jobhub.IGroupGrain")]
public interface IGroupGrain : IGrainWithStringKey
{
    /// <summary>The group and its features. Read-only; answered even while the grain waits on another call.</summary>
    [AlwaysInterleave]
    [Alias("Get")]
    Task<GroupInfo> Get();

    /// <summary>Puts <paramref name="userName"/> in the group (the rules of <see cref="IUserGrain.JoinGroup"/>).</summary>
    [Alias("AddMember")]
    Task<UserInfo> AddMember(string actor, string userName);

    /// <summary>Takes <paramref name="userName"/> out of the group (the rules of <see cref="IUserGrain.LeaveGroup"/>).</summary>
    [Alias("RemoveMember")]
    Task<UserInfo> RemoveMember(string actor, string userName);

    /// <summary>The members (from the user directory, staged users included), sorted by name.</summary>
    [Alias("ListMembers")]
    Task<ImmutableArray<UserSummary>> ListMembers();

    /// <summary>Grants <paramref name="feature"/> to every member: admins, and customer admins for any group but <c>jobhub/admins</c>.</summary>
    [Alias("GrantFeature")]
    Task<GroupInfo> GrantFeature(string actor, string feature);

    /// <summary>Takes <paramref name="feature"/> back (the same rule as granting).</summary>
    [Alias("RevokeFeature")]
    Task<GroupInfo> RevokeFeature(string actor, string feature);

    /// <summary>
    /// Grants <paramref name="features"/> once in the group's life: the first call grants them, every later call (each
    /// silo start) changes nothing, so an admin's later revocation stands. For the silo's bootstrap only.
    /// </summary>
    [Alias("GrantInitialFeatures")]
    Task<GroupInfo> GrantInitialFeatures(ImmutableArray<string> features);
}
