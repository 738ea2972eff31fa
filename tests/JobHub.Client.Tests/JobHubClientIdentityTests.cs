using System.Net;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Identity;

namespace JobHub.Client.Tests;

/// <summary>
/// The SDK's identity calls against a real silo process: invitations, tokens, users, groups and features, with the
/// server's refusals as <see cref="JobHubApiException"/> (status, detail, field) and bad values refused before sending.
/// </summary>
public sealed class JobHubClientIdentityTests(IdentityClientFixture fixture) : IClassFixture<IdentityClientFixture>
{
    [Fact]
    public async Task Invitation_Accepted_TokenWorks_RevokedTokenIs401()
    {
        using var admin = fixture.ClientFor(fixture.AdminToken);
        var invitation = await admin.InviteUserAsync(new InvitationRequest
        {
            Email = "Olga@Example.com",
            Groups = [GroupRef.Site("sdk-optics")],
            Features = ["interactive-jobs"],
        });
        Assert.Equal("olga", invitation.Info.UserName);
        Assert.Equal(UserStatus.Staged, (await admin.GetUserAsync("olga")).Status);

        using var anonymous = fixture.ClientFor(null);
        Assert.Equal("anon", (await anonymous.GetMeAsync()).Name);
        var redeemed = await anonymous.AcceptInvitationAsync(invitation.Code);
        Assert.Equal(UserStatus.Regular, redeemed.User.Status);
        Assert.DoesNotContain(redeemed.Token.Token, redeemed.ToString(), StringComparison.Ordinal);

        using var olga = fixture.ClientFor(redeemed.Token.Token);
        var me = await olga.GetMeAsync();
        Assert.Equal("olga", me.Name);
        Assert.Contains("interactive-jobs", me.Features);
        Assert.Contains(GroupRef.Site("sdk-optics"), me.Groups);
        Assert.Contains(BuiltInGroups.Users, me.Groups);

        var second = await olga.CreateTokenAsync("laptop");
        var tokens = await olga.ListTokensAsync();
        Assert.Equal(new[] { "first token", "laptop" }, tokens.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tokens, t => Assert.Equal(ApiTokenStatus.Active, t.Status));

        using var laptop = fixture.ClientFor(second.Token);
        Assert.Equal("olga", (await laptop.GetMeAsync()).Name);
        await olga.RevokeTokenAsync(second.Info.TokenId);
        var refused = await Assert.ThrowsAsync<JobHubApiException>(() => laptop.GetMeAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", refused.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Token, refused.Message, StringComparison.Ordinal);
        Assert.Equal("olga", (await olga.GetMeAsync()).Name);

        // The code is spent: a second accept is 410.
        var again = await Assert.ThrowsAsync<JobHubApiException>(() => anonymous.AcceptInvitationAsync(invitation.Code));
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }

    [Fact]
    public async Task Users_DisableEnableGrantRevoke_AndDeleteStaged()
    {
        var paul = await fixture.InviteAndAcceptAsync("paul");
        using var admin = fixture.ClientFor(fixture.AdminToken);
        using var asPaul = fixture.ClientFor(paul);

        Assert.Equal("paul", (await asPaul.GetUserAsync("paul")).Name);
        Assert.Contains(await admin.ListUsersAsync(), u => u.Name == "paul" && u.Status == UserStatus.Regular);
        Assert.Equal(new[] { "distributed-jobs" }, (await admin.GrantUserFeatureAsync("paul", "distributed-jobs")).Features);
        Assert.Contains("distributed-jobs", (await asPaul.GetMeAsync()).Features);
        Assert.Empty((await admin.RevokeUserFeatureAsync("paul", "distributed-jobs")).Features);

        Assert.Equal(UserStatus.Disabled, (await admin.DisableUserAsync("paul")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<JobHubApiException>(() => asPaul.GetMeAsync())).StatusCode);
        Assert.Equal(UserStatus.Regular, (await admin.EnableUserAsync("paul")).Status);
        Assert.Equal("paul", (await asPaul.GetMeAsync()).Name);

        await admin.InviteUserAsync(new InvitationRequest { Email = "quentin@example.com" });
        await admin.DeleteStagedUserAsync("quentin");
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<JobHubApiException>(() => admin.GetUserAsync("quentin"))).StatusCode);

        // Regular users are never deleted (409), and nothing changed.
        var conflict = await Assert.ThrowsAsync<JobHubApiException>(() => admin.DeleteStagedUserAsync("paul"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(UserStatus.Regular, (await admin.GetUserAsync("paul")).Status);
    }

    [Fact]
    public async Task Groups_MembersAndFeatures()
    {
        var rita = await fixture.InviteAndAcceptAsync("rita");
        using var admin = fixture.ClientFor(fixture.AdminToken);
        var team = GroupRef.Site("sdk-team");

        Assert.Contains(team, (await admin.AddGroupMemberAsync(team, "rita")).Groups);
        Assert.Equal(new[] { "rita" }, (await admin.ListGroupMembersAsync(team)).Select(u => u.Name));
        Assert.Equal(new[] { "interactive-jobs" }, (await admin.GrantGroupFeatureAsync(team, "interactive-jobs")).Features);
        Assert.Equal(new[] { "interactive-jobs" }, (await admin.GetGroupAsync(team)).Features);
        using var asRita = fixture.ClientFor(rita);
        Assert.Contains("interactive-jobs", (await asRita.GetMeAsync()).Features);

        Assert.Empty((await admin.RevokeGroupFeatureAsync(team, "interactive-jobs")).Features);
        Assert.DoesNotContain(team, (await admin.RemoveGroupMemberAsync(team, "rita")).Groups);
        Assert.Empty(await admin.ListGroupMembersAsync(team));
    }

    [Fact]
    public async Task Refusals_CarryStatusDetailAndField()
    {
        var sam = await fixture.InviteAndAcceptAsync("sam");
        using var asSam = fixture.ClientFor(sam);

        var forbidden = await Assert.ThrowsAsync<JobHubApiException>(() => asSam.ListUsersAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("only admins and customer admins", forbidden.Detail, StringComparison.Ordinal);

        var intoAdmins = await Assert.ThrowsAsync<JobHubApiException>(() => asSam.AddGroupMemberAsync(BuiltInGroups.Admins, "sam"));
        Assert.Equal(HttpStatusCode.Forbidden, intoAdmins.StatusCode);
        Assert.DoesNotContain(BuiltInGroups.Admins, (await asSam.GetMeAsync()).Groups);

        // Another user is hidden (404), exactly like one that does not exist.
        Assert.True((await Assert.ThrowsAsync<JobHubApiException>(() => asSam.GetUserAsync("admin"))).IsNotFound);

        // A refusal naming a field: the same email invited twice once its user is regular.
        using var admin = fixture.ClientFor(fixture.AdminToken);
        var taken = await Assert.ThrowsAsync<JobHubApiException>(() => admin.InviteUserAsync(new InvitationRequest { Email = "sam@example.com" }));
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.False(string.IsNullOrEmpty(taken.Detail));
    }

    [Fact]
    public async Task BadValues_AreRefusedBeforeSending_NamingTheField_NeverShowingSecrets()
    {
        var counting = new CountingHandler();
        using var http = new HttpClient(counting) { BaseAddress = fixture.Url };
        using var client = new JobHubClient(http, new JobHubClientOptions { BaseAddress = fixture.Url, Token = fixture.AdminToken });

        Assert.Contains("name", (await Assert.ThrowsAsync<JobHubValidationException>(() => client.GetUserAsync("Not A Name"))).Errors.Keys);
        Assert.Contains("feature", (await Assert.ThrowsAsync<JobHubValidationException>(() => client.GrantUserFeatureAsync("sam", "GPU jobs"))).Errors.Keys);
        Assert.Contains("group", (await Assert.ThrowsAsync<JobHubValidationException>(() => client.ListGroupMembersAsync(new GroupRef("jobhub", "wizards")))).Errors.Keys);
        Assert.Contains("user", (await Assert.ThrowsAsync<JobHubValidationException>(() => client.AddGroupMemberAsync(GroupRef.Site("x"), "../admin"))).Errors.Keys);
        Assert.Contains("name", (await Assert.ThrowsAsync<JobHubValidationException>(() => client.CreateTokenAsync(""))).Errors.Keys);
        var invitation = await Assert.ThrowsAsync<JobHubValidationException>(() => client.InviteUserAsync(new InvitationRequest
        {
            Email = "not-an-email",
            Groups = [GroupRef.Site("ok"), new GroupRef("nowhere", "x")],
            Features = ["Bad Feature"],
        }));
        Assert.Equal(["email", "features[0]", "groups[1]"], invitation.Errors.Keys.Order(StringComparer.Ordinal));

        var token = fixture.AdminToken;
        var tokenAsId = await Assert.ThrowsAsync<JobHubValidationException>(() => client.RevokeTokenAsync(token));
        Assert.Contains("tokenId", tokenAsId.Errors.Keys);
        Assert.DoesNotContain(token, tokenAsId.Message, StringComparison.Ordinal);
        const string BadCode = "jhi_short-but-secret";
        var code = await Assert.ThrowsAsync<JobHubValidationException>(() => client.AcceptInvitationAsync(BadCode));
        Assert.Contains("code", code.Errors.Keys);
        Assert.DoesNotContain(BadCode, code.Message, StringComparison.Ordinal);

        Assert.Equal(0, counting.Requests);
    }
}
