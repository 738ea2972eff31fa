using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;

namespace JobHub.Grains.Tests.Identity;

public sealed class StagedUserLifecycleTests : IAsyncLifetime
{
    private const string Admin = IdentityHost.Admin;
    private static readonly GroupRef Physics = GroupRef.Site("physics");
    private static readonly GroupRef Chemistry = GroupRef.Site("chemistry");
    private IdentityHost _host = null!;

    public async Task InitializeAsync() => _host = await IdentityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IInvitationsGrain Invitations => _host.Grains.Invitations();

    [Fact]
    public async Task Invitation_StagesAPreConfiguredUserWhoCanDoNothing()
    {
        var invitation = await Invitations.Invite(Admin, new InvitationRequest { Email = "Bob.Smith@Example.com", Groups = [Physics], Features = ["gpu-jobs"] });

        var bob = await _host.User("bob.smith").Get();
        var acting = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.Group(Chemistry).AddMember("bob.smith", "bob.smith"));
        var token = await Assert.ThrowsAsync<IdentityConflictException>(() => _host.User("bob.smith").CreateToken(Admin, "ci"));

        Assert.True(ApiTokenFormat.IsWellFormedInvitationCode(invitation.Code));
        Assert.DoesNotContain(invitation.Code, invitation.ToString(), StringComparison.Ordinal);
        Assert.Equal("bob.smith", invitation.Info.UserName);
        Assert.Equal(IdentityHost.StartTime + TimeSpan.FromDays(7), invitation.Info.ExpiresAt);
        Assert.Equal(UserStatus.Staged, bob.Status);
        Assert.Equal("bob.smith@example.com", bob.Email);
        Assert.Equal([Physics], bob.Groups.ToArray());
        Assert.Equal(["gpu-jobs"], bob.Features.ToArray());
        Assert.Equal(Admin, bob.InvitedBy);
        Assert.Equal("a staged user can do nothing until they redeem their invitation", acting.Rule);
        Assert.Contains("tokens are issued only to regular users", token.Message, StringComparison.Ordinal);
        Assert.Equal(UserStatus.Staged, (await _host.Grains.UserDirectory().FindByEmail("bob.smith@example.com"))!.Status);
    }

    [Fact]
    public async Task StagedUser_CanBePreConfigured_ThenDeleted_AndTheirCodeIsRefused()
    {
        var invitation = await Invitations.Invite(Admin, new InvitationRequest { Email = "carl@example.com", UserName = "carl" });
        await _host.Group(Chemistry).AddMember(Admin, "carl");
        await _host.User("carl").GrantFeature(Admin, "distributed-jobs");
        var configured = await _host.User("carl").Get();

        await _host.User("carl").DeleteStaged(Admin);
        var refused = await Assert.ThrowsAsync<InvitationRefusedException>(() => Invitations.Redeem(invitation.Code));

        Assert.Equal([Chemistry], configured.Groups.ToArray());
        Assert.Equal(["distributed-jobs"], configured.Features.ToArray());
        Assert.Null(await _host.User("carl").Find());
        Assert.DoesNotContain(await _host.Grains.UserDirectory().List(), u => u.Name == "carl");
        Assert.Empty(await _host.Group(Chemistry).ListMembers());
        Assert.Equal("its staged user was deleted", refused.Reason);
    }

    [Fact]
    public async Task Redeeming_MakesTheUserRegularWithAFirstToken_Once()
    {
        var invitation = await Invitations.Invite(Admin, new InvitationRequest { Email = "dana@example.com", Groups = [Physics], Features = ["gpu-jobs"] });
        _host.Clock.Advance(TimeSpan.FromHours(1));

        var redeemed = await Invitations.Redeem(invitation.Code);
        var twice = await Assert.ThrowsAsync<InvitationRefusedException>(() => Invitations.Redeem(invitation.Code));

        Assert.Equal(UserStatus.Regular, redeemed.User.Status);
        Assert.Equal([BuiltInGroups.Users, Physics], redeemed.User.Groups.ToArray());
        Assert.Equal(["gpu-jobs"], redeemed.User.Features.ToArray());
        Assert.Equal(new ApiTokenCheck(ApiTokenCheckResult.Valid, "dana", _host.Clock.GetUtcNow() + TimeSpan.FromHours(24)), await _host.TokenOf(redeemed.Token.Token).Verify(redeemed.Token.Token));
        Assert.Equal(["first token"], (await _host.User("dana").ListTokens("dana")).Select(t => t.Name));
        Assert.Equal("it was redeemed already", twice.Reason);
        Assert.Equal(_host.Clock.GetUtcNow(), (await _host.Grains.Invitation(invitation.Info.InvitationId).Get())!.RedeemedAt);
        Assert.Single(await _host.User("dana").ListTokens("dana"));
    }

    [Fact]
    public async Task ExpiredInvitation_IsRefused_AndTheUserStaysStaged()
    {
        var invitation = await Invitations.Invite(Admin, new InvitationRequest { Email = "erin@example.com" });

        _host.Clock.Advance(TimeSpan.FromDays(7));
        var refused = await Assert.ThrowsAsync<InvitationRefusedException>(() => Invitations.Redeem(invitation.Code));

        Assert.Equal("it expired at 2026-12-08 09:00:00Z", refused.Reason);
        Assert.Equal(UserStatus.Staged, (await _host.User("erin").Get()).Status);
    }

    [Fact]
    public async Task InvitingAStagedEmailAgain_ReplacesTheOldCode()
    {
        var first = await Invitations.Invite(Admin, new InvitationRequest { Email = "finn@example.com", Groups = [Physics] });
        var second = await Invitations.Invite(Admin, new InvitationRequest { Email = "FINN@example.com", Groups = [Chemistry] });

        var old = await Assert.ThrowsAsync<InvitationRefusedException>(() => Invitations.Redeem(first.Code));
        var redeemed = await Invitations.Redeem(second.Code);

        Assert.Equal("finn", second.Info.UserName);
        Assert.NotEqual(first.Code, second.Code);
        Assert.Equal("a newer invitation replaced it", old.Reason);
        Assert.Equal([BuiltInGroups.Users, Chemistry, Physics], redeemed.User.Groups.ToArray());
    }

    [Fact]
    public async Task Names_MadeFromEmails_AreUnique_AndAnEmailBelongsToOneUser()
    {
        var first = await Invitations.Invite(Admin, new InvitationRequest { Email = "gus@one.example" });
        var second = await Invitations.Invite(Admin, new InvitationRequest { Email = "gus@two.example" });
        var builtIn = await Invitations.Invite(Admin, new InvitationRequest { Email = "admin@three.example" });
        var otherName = await Assert.ThrowsAsync<IdentityConflictException>(() => Invitations.Invite(Admin, new InvitationRequest { Email = "gus@one.example", UserName = "augustus" }));
        var takenName = await Assert.ThrowsAsync<IdentityConflictException>(() => Invitations.Invite(Admin, new InvitationRequest { Email = "other@example.com", UserName = "gus" }));
        await Invitations.Redeem(first.Code);
        var regularEmail = await Assert.ThrowsAsync<IdentityConflictException>(() => Invitations.Invite(Admin, new InvitationRequest { Email = "gus@one.example" }));

        Assert.Equal("gus", first.Info.UserName);
        Assert.Equal("gus-2", second.Info.UserName);
        Assert.Equal("admin-2", builtIn.Info.UserName);
        Assert.Equal("'gus@one.example' is invited already, as 'gus'.", otherName.Message);
        Assert.Equal("The user name 'gus' is taken.", takenName.Message);
        Assert.Equal("'gus@one.example' belongs to the user 'gus' already.", regularEmail.Message);
    }

    [Fact]
    public async Task RegularUser_IsNeverDeleted_ButCanBeDisabledAndEnabled()
    {
        var hana = await _host.AddRegularUserAsync("hana");

        var delete = await Assert.ThrowsAsync<IdentityConflictException>(() => _host.User("hana").DeleteStaged(Admin));
        var disabled = await _host.User("hana").Disable(Admin);
        var deleteDisabled = await Assert.ThrowsAsync<IdentityConflictException>(() => _host.User("hana").DeleteStaged(Admin));
        var refused = await _host.TokenOf(hana.Token.Token).Verify(hana.Token.Token);
        var enabled = await _host.User("hana").Enable(Admin);
        var disableAdmin = await Assert.ThrowsAsync<IdentityConflictException>(() => _host.User(Admin).Disable(Admin));

        Assert.Equal("Regular users are never deleted, so their jobs, bills and data stay attributable: disable 'hana' instead.", delete.Message);
        Assert.Equal(UserStatus.Disabled, disabled.Status);
        Assert.Equal(delete.Message, deleteDisabled.Message);
        Assert.Equal(ApiTokenCheckResult.UserDisabled, refused.Result);
        Assert.Equal(UserStatus.Regular, enabled.Status);
        Assert.Equal("The built-in user 'admin' cannot be disabled.", disableAdmin.Message);
        Assert.True((await _host.TokenOf(hana.Token.Token).Verify(hana.Token.Token)).IsValid);
        Assert.Equal(UserStatus.Regular, (await _host.Grains.UserDirectory().List()).Single(u => u.Name == "hana").Status);
    }

    [Fact]
    public async Task OnlyAdminsAndCustomerAdmins_Invite()
    {
        await _host.AddRegularUserAsync("ivan");
        await _host.AddRegularUserAsync("cara", BuiltInGroups.CustomerAdmins);

        var denied = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => Invitations.Invite("ivan", new InvitationRequest { Email = "x@example.com" }));
        var invited = await Invitations.Invite("cara", new InvitationRequest { Email = "y@example.com", Groups = [BuiltInGroups.CustomerAdmins, Physics] });
        var unknownActor = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => Invitations.Invite("nobody", new InvitationRequest { Email = "z@example.com" }));

        Assert.Equal("only admins and customer admins invite users", denied.Rule);
        Assert.Null(await _host.Grains.UserDirectory().FindByEmail("x@example.com"));
        Assert.Equal("cara", (await _host.User(invited.Info.UserName).Get()).InvitedBy);
        Assert.Equal("there is no such user", unknownActor.Rule);
    }
}
