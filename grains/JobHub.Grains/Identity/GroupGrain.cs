using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Identity.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Identity;

/// <summary>
/// One group (key <c>{realm}/{name}</c>): its features. Member changes are forwarded to the member's user grain, which
/// holds membership and checks the rules; members are listed from the user directory.
/// </summary>
[GrainType("group")]
internal sealed partial class GroupGrain(
    [FromKeyedServices(IdentityClock.ServiceKey)] TimeProvider time,
    ILogger<GroupGrain> logger,
    [PersistentState("group")] IPersistentState<GroupGrainState> state) : Grain, IGroupGrain
{
    private GroupGrainState S => state.State;

    /// <summary>The key, checked: a malformed key is refused on every call.</summary>
    private GroupRef Group =>
        IdentityNames.ParseGroupKey(this.GetPrimaryKeyString(), out var problem) ?? throw new IdentityInputRejectedException("group", problem!);

    /// <inheritdoc />
    public Task<GroupInfo> Get() => Task.FromResult(Info(Group));

    /// <inheritdoc />
    public async Task<UserInfo> AddMember(string actor, string userName)
    {
        var group = Group;
        var user = await GrainFactory.User(IdentityInput.UserName(userName, "userName")).JoinGroup(actor, group);
        await MarkUsedAsync(group);
        return user;
    }

    /// <inheritdoc />
    public Task<UserInfo> RemoveMember(string actor, string userName) =>
        GrainFactory.User(IdentityInput.UserName(userName, "userName")).LeaveGroup(actor, Group);

    /// <inheritdoc />
    public Task<ImmutableArray<UserSummary>> ListMembers() => GrainFactory.UserDirectory().MembersOf(Group);

    /// <inheritdoc />
    public Task<GroupInfo> GrantFeature(string actor, string feature) => ChangeFeatureAsync(actor, feature, grant: true);

    /// <inheritdoc />
    public Task<GroupInfo> RevokeFeature(string actor, string feature) => ChangeFeatureAsync(actor, feature, grant: false);

    /// <inheritdoc />
    public async Task<GroupInfo> GrantInitialFeatures(ImmutableArray<string> features)
    {
        var group = Group;
        if (S.InitialFeaturesGranted)
        {
            return Info(group);
        }

        foreach (var feature in features)
        {
            S.Features.Add(IdentityInput.Feature(feature, "features"));
        }

        S.InitialFeaturesGranted = true;
        await SaveAsync();
        return Info(group);
    }

    private async Task<GroupInfo> ChangeFeatureAsync(string actor, string feature, bool grant)
    {
        var group = Group;
        feature = IdentityInput.Feature(feature, "feature");
        IdentityInput.UserName(actor, "actor");
        var action = grant ? $"grant '{feature}' to {group}" : $"revoke '{feature}' from {group}";
        var acting = IdentityPolicy.RequireActor(actor, await GrainFactory.User(actor).Find(), action);
        IdentityPolicy.CheckGroupFeature(acting, group, action);
        if (S.Features.Contains(feature) == grant)
        {
            return Info(group);
        }

        if (grant && S.Features.Count >= IdentityLimits.MaxFeatures)
        {
            throw new IdentityConflictException($"{group} has {IdentityLimits.MaxFeatures} features, the most a group may have.");
        }

        if (grant)
        {
            S.Features.Add(feature);
        }
        else
        {
            S.Features.Remove(feature);
        }

        if (group.Realm == IdentityRealms.Site)
        {
            S.FirstUsedAt ??= time.GetUtcNow();
        }

        await SaveAsync();
        LogFeatureChanged(logger, group.Key, grant ? "granted" : "revoked", feature, acting.Name);
        return Info(group);
    }

    private async Task MarkUsedAsync(GroupRef group)
    {
        if (group.Realm == IdentityRealms.Site && S.FirstUsedAt is null)
        {
            S.FirstUsedAt = time.GetUtcNow();
            await SaveAsync();
        }
    }

    private Task SaveAsync() => state.WriteOrDeactivateAsync(this);

    private GroupInfo Info(GroupRef group) => new()
    {
        Group = group,
        BuiltIn = group.Realm == IdentityRealms.JobHub,
        Features = [.. S.Features.Order(StringComparer.Ordinal)],
        FirstUsedAt = S.FirstUsedAt,
    };
}
