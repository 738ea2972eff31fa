using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;

namespace JobHub.Grains.Tests.Identity;

/// <summary>Who may change which group and feature: admin (jobhub/admins), carol (jobhub/customeradmins), ursula (a regular user).</summary>
public sealed class RealmRulesTests : IAsyncLifetime
{
    private const string Admin = IdentityHost.Admin;
    private const string Carol = "carol";
    private const string Ursula = "ursula";
    private static readonly GroupRef Physics = GroupRef.Site("physics");
    private IdentityHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await IdentityHost.StartAsync();
        await _host.AddRegularUserAsync(Carol, BuiltInGroups.CustomerAdmins);
        await _host.AddRegularUserAsync(Ursula);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AdminsGroup_OnlyAdminsAddOrRemoveMembers()
    {
        var before = await _host.User(Ursula).Get();

        var byCustomerAdmin = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Group(BuiltInGroups.Admins).AddMember(Carol, Ursula));
        var byUser = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Group(BuiltInGroups.Admins).AddMember(Ursula, Ursula));
        Same.Value(before, await _host.User(Ursula).Get());

        var added = await _host.Group(BuiltInGroups.Admins).AddMember(Admin, Ursula);
        var removeByCustomerAdmin = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Group(BuiltInGroups.Admins).RemoveMember(Carol, Ursula));
        var removed = await _host.Group(BuiltInGroups.Admins).RemoveMember(Admin, Ursula);

        Assert.Equal("'carol' may not add 'ursula' to jobhub/admins: only admins add or remove members of jobhub/admins.", byCustomerAdmin.Message);
        Assert.Equal("only admins add or remove members of jobhub/admins", byUser.Rule);
        Assert.True(added.IsIn(BuiltInGroups.Admins));
        Assert.Equal(Carol, removeByCustomerAdmin.Actor);
        Assert.False(removed.IsIn(BuiltInGroups.Admins));
        Assert.Equal([Admin], (await _host.Group(BuiltInGroups.Admins).ListMembers()).Select(u => u.Name));
    }

    [Fact]
    public async Task CustomerAdmins_ManageCustomerAdminsAndSiteGroups()
    {
        await _host.Group(BuiltInGroups.CustomerAdmins).AddMember(Carol, Ursula);
        await _host.Group(Physics).AddMember(Carol, Ursula);
        var members = await _host.Group(Physics).ListMembers();
        var access = await _host.User(Ursula).GetAccess();
        await _host.Group(BuiltInGroups.CustomerAdmins).RemoveMember(Carol, Ursula);
        var after = await _host.Group(Physics).RemoveMember(Carol, Ursula);

        Assert.Equal([Ursula], members.Select(m => m.Name));
        Assert.Equal([BuiltInGroups.CustomerAdmins, BuiltInGroups.Users, Physics], access.Groups.ToArray());
        Assert.Equal([BuiltInGroups.Users], after.Groups.ToArray());
        Assert.NotNull((await _host.Group(Physics).Get()).FirstUsedAt);
    }

    [Fact]
    public async Task RegularUser_ManagesNoGroupAndGrantsNoFeature()
    {
        var before = await _host.User(Ursula).Get();

        var site = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Group(Physics).AddMember(Ursula, Ursula));
        var customerAdmins = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Group(BuiltInGroups.CustomerAdmins).AddMember(Ursula, Ursula));
        var feature = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.User(Ursula).GrantFeature(Ursula, "gpu-jobs"));
        var groupFeature = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Group(Physics).GrantFeature(Ursula, "gpu-jobs"));

        Assert.Equal("only admins and customer admins manage jobhub/customeradmins and site groups", site.Rule);
        Assert.Equal(site.Rule, customerAdmins.Rule);
        Assert.Equal("only admins and customer admins grant and revoke features", feature.Rule);
        Assert.Equal(feature.Rule, groupFeature.Rule);
        Same.Value(before, await _host.User(Ursula).Get());
        Assert.Empty((await _host.Group(Physics).Get()).Features);
    }

    [Fact]
    public async Task CustomerAdmin_MayNotTouchAnythingOfAdmins()
    {
        var adminBefore = await _host.User(Admin).Get();

        var membership = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Group(Physics).AddMember(Carol, Admin));
        var feature = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.User(Admin).GrantFeature(Carol, "gpu-jobs"));
        var groupFeature = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Group(BuiltInGroups.Admins).GrantFeature(Carol, "gpu-jobs"));
        var disable = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.User(Admin).Disable(Carol));
        var invite = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Grains.Invitations().Invite(
            Carol, new InvitationRequest { Email = "eve@example.com", Groups = [BuiltInGroups.Admins] }));

        Assert.Contains("customer admins may not change anything that touches admins ('admin' is an admin)", membership.Message, StringComparison.Ordinal);
        Assert.Contains("touches admins", feature.Rule, StringComparison.Ordinal);
        Assert.Contains("touches admins", groupFeature.Rule, StringComparison.Ordinal);
        Assert.Contains("touches admins", disable.Rule, StringComparison.Ordinal);
        Assert.Equal("only admins add or remove members of jobhub/admins", invite.Rule);
        Same.Value(adminBefore, await _host.User(Admin).Get());
        Assert.Empty((await _host.Group(BuiltInGroups.Admins).Get()).Features);
        Assert.Null(await _host.Grains.UserDirectory().FindByEmail("eve@example.com"));
        Assert.Equal(["gpu-jobs"], (await _host.Group(BuiltInGroups.Admins).GrantFeature(Admin, "gpu-jobs")).Features.ToArray());
    }

    [Fact]
    public async Task Features_GrantedToUsersAndToTheirGroups_AddUp()
    {
        // A fresh silo grants distributed-jobs and gpu-jobs to jobhub/users (once); these add to them.
        await _host.Group(Physics).AddMember(Carol, Ursula);
        await _host.User(Ursula).GrantFeature(Admin, "bigmem-jobs");
        await _host.Group(Physics).GrantFeature(Carol, "mpi-jobs");
        await _host.Group(BuiltInGroups.Users).GrantFeature(Carol, "interactive-jobs");

        var access = await _host.User(Ursula).GetAccess();
        await _host.Group(Physics).RevokeFeature(Carol, "mpi-jobs");
        var revoked = await _host.User(Ursula).GetAccess();

        Assert.Equal(["bigmem-jobs", "distributed-jobs", "gpu-jobs", "interactive-jobs", "mpi-jobs"], access.Features.ToArray());
        Assert.True(access.Has("bigmem-jobs"));
        Assert.Equal(["bigmem-jobs"], (await _host.User(Ursula).Get()).Features.ToArray());
        Assert.Equal(["bigmem-jobs", "distributed-jobs", "gpu-jobs", "interactive-jobs"], revoked.Features.ToArray());
    }

    [Fact]
    public async Task UsersGroup_GetsTheJobFeaturesOnce_AndARevocationStands()
    {
        Assert.Equal(["distributed-jobs", "gpu-jobs"], (await _host.Group(BuiltInGroups.Users).Get()).Features.ToArray());
        await _host.Group(BuiltInGroups.Users).RevokeFeature(Admin, "gpu-jobs");

        // What a later silo start does: nothing, once the group has had its initial features.
        await _host.Group(BuiltInGroups.Users).GrantInitialFeatures(["distributed-jobs", "gpu-jobs"]);

        Assert.DoesNotContain("gpu-jobs", (await _host.Group(BuiltInGroups.Users).Get()).Features);
        await _host.Group(BuiltInGroups.Users).GrantFeature(Admin, "gpu-jobs");
    }

    [Fact]
    public async Task UsersGroup_NoOneRemovesARegularUserFromIt()
    {
        var removeByAdmin = await Assert.ThrowsAsync<IdentityConflictException>(() => _host.Group(BuiltInGroups.Users).RemoveMember(Admin, Ursula));
        var removeSelf = await Assert.ThrowsAsync<IdentityConflictException>(() => _host.User(Ursula).LeaveGroup(Ursula, BuiltInGroups.Users));
        var disabledToo = await _host.User(Ursula).Disable(Admin);
        var removeDisabled = await Assert.ThrowsAsync<IdentityConflictException>(() => _host.Group(BuiltInGroups.Users).RemoveMember(Admin, Ursula));
        var addAnon = await Assert.ThrowsAsync<IdentityConflictException>(() => _host.Group(BuiltInGroups.Anon).AddMember(Admin, Carol));
        var adminLeaves = await Assert.ThrowsAsync<IdentityConflictException>(() => _host.Group(BuiltInGroups.Admins).RemoveMember(Admin, Admin));

        Assert.Equal("Every regular user is in jobhub/users and can never be removed from it.", removeByAdmin.Message);
        Assert.Equal(removeByAdmin.Message, removeSelf.Message);
        Assert.Equal(removeByAdmin.Message, removeDisabled.Message);
        Assert.True(disabledToo.IsIn(BuiltInGroups.Users));
        Assert.Equal("Only the built-in anon user is in jobhub/anon.", addAnon.Message);
        Assert.Equal("The built-in admin user always stays in jobhub/admins.", adminLeaves.Message);
        Assert.Equal([Admin, Carol, Ursula], (await _host.Group(BuiltInGroups.Users).ListMembers()).Select(u => u.Name));
    }

    [Fact]
    public async Task Anon_CanChangeNothing()
    {
        var denied = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Group(Physics).AddMember(BuiltInUsers.Anon, Ursula));
        var access = await _host.User(BuiltInUsers.Anon).GetAccess();

        Assert.Equal("anonymous callers may not change users, groups, features or tokens", denied.Rule);
        Assert.Equal([BuiltInGroups.Anon], access.Groups.ToArray());
        await Assert.ThrowsAsync<IdentityConflictException>(() => _host.User(BuiltInUsers.Anon).CreateToken(Admin, "x"));
    }
}
