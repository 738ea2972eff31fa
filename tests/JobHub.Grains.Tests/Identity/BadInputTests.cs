using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;

namespace JobHub.Grains.Tests.Identity;

/// <summary>Malformed names, emails, groups, features, token names and keys are refused with the field and the rule, and change nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const string Admin = IdentityHost.Admin;
    private IdentityHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await IdentityHost.StartAsync();
        await _host.AddRegularUserAsync("alice");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string> BadUserNames => new()
    {
        { "Bob", "may hold only lower-case letters, digits, '-', '_' and '.' (found 'B' at position 1)" },
        { new string('a', 65), "must be at most 64 characters (was 65)" },
        { "bob\u0007", "(found U+0007 at position 4)" },
        { "bob\u202e", "(found U+202E at position 4)" },
        { "../etc", "(found '/' at position 3)" },
        { ".hidden", "must start with a lower-case letter or a digit" },
        { "bob smith", "(found U+0020 at position 4)" },
        { "", "must not be empty" },
    };

    public static TheoryData<string, string> BadEmails => new()
    {
        { "no-at-sign", "exactly one '@'" },
        { "a@b@example.com", "exactly one '@'" },
        { "bob@localhost", "needs a domain like example.com" },
        { "bob@exa mple.com", "may not hold U+0020" },
        { "bob\u001b[31m@example.com", "may not hold U+001B" },
        { new string('a', 250) + "@example.com", "at most 254 characters" },
        { new string('a', 65) + "@example.com", "local part of an email address must be at most 64 characters" },
    };

    [Theory]
    [MemberData(nameof(BadUserNames))]
    public async Task MalformedUserName_IsRefused_AndNothingIsCreated(string name, string problem)
    {
        var before = await _host.Grains.UserDirectory().List();

        var refused = await Assert.ThrowsAsync<IdentityInputRejectedException>(() =>
            _host.Grains.Invitations().Invite(Admin, new InvitationRequest { Email = "new@example.com", UserName = name }));

        Assert.Equal("userName", refused.Field);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Message, char.IsControl);
        Same.Value(before, await _host.Grains.UserDirectory().List());
    }

    [Theory]
    [MemberData(nameof(BadEmails))]
    public async Task MalformedEmail_IsRefused_AndNothingIsCreated(string email, string problem)
    {
        var before = await _host.Grains.UserDirectory().List();

        var refused = await Assert.ThrowsAsync<IdentityInputRejectedException>(() =>
            _host.Grains.Invitations().Invite(Admin, new InvitationRequest { Email = email }));

        Assert.Equal("email", refused.Field);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Message, char.IsControl);
        Same.Value(before, await _host.Grains.UserDirectory().List());
    }

    [Fact]
    public async Task MalformedGroupsAndFeatures_AreRefused_AndNothingChanges()
    {
        var before = await _host.User("alice").Get();

        var realm = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.User("alice").JoinGroup(Admin, new GroupRef("ldap", "physics")));
        var builtIn = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.User("alice").JoinGroup(Admin, new GroupRef("jobhub", "root")));
        var spaced = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.Grains.GetGrain<IGroupGrain>("site/Physics Dept").AddMember(Admin, "alice"));
        var noRealm = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.Grains.GetGrain<IGroupGrain>("physics").Get());
        var feature = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.User("alice").GrantFeature(Admin, "GPU jobs"));
        var longFeature = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.Group(GroupRef.Site("physics")).GrantFeature(Admin, new string('f', 65)));
        var inviteGroups = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.Grains.Invitations().Invite(
            Admin, new InvitationRequest { Email = "new@example.com", Groups = [GroupRef.Site("ok"), GroupRef.Site("Not OK")] }));
        var tooManyFeatures = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.Grains.Invitations().Invite(
            Admin, new InvitationRequest { Email = "new@example.com", Features = [.. Enumerable.Range(0, 101).Select(i => $"f{i}")] }));

        Assert.Equal("group: a group's realm must be 'jobhub' or 'site' (was 'ldap').", realm.Message);
        Assert.Contains("the jobhub realm has only the groups admins, customeradmins, users and anon", builtIn.Message, StringComparison.Ordinal);
        Assert.Contains("found 'P' at position 1", spaced.Message, StringComparison.Ordinal);
        Assert.Contains("a group is written realm/name", noRealm.Message, StringComparison.Ordinal);
        Assert.Equal("feature", feature.Field);
        Assert.Contains("at most 64 characters (was 65)", longFeature.Message, StringComparison.Ordinal);
        Assert.Equal("groups[1]", inviteGroups.Field);
        Assert.Equal("features", tooManyFeatures.Field);
        Same.Value(before, await _host.User("alice").Get());
        Assert.Null(await _host.Grains.UserDirectory().FindByEmail("new@example.com"));
    }

    [Fact]
    public async Task MalformedTokenNamesAndIds_AreRefused_AndNoTokenIsIssued()
    {
        var escape = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.User("alice").CreateToken("alice", "\u001b[31mred"));
        var empty = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.User("alice").CreateToken("alice", "  "));
        var tooLong = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.User("alice").CreateToken("alice", new string('n', 101)));
        var badId = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.User("alice").RevokeToken("alice", "../../etc/passwd"));

        Assert.Equal("name", escape.Field);
        Assert.Contains("\\u001b[31mred", escape.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(escape.Message, char.IsControl);
        Assert.Equal("name", empty.Field);
        Assert.Contains("at most 100 characters", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal("tokenId", badId.Field);
        Assert.Single(await _host.User("alice").ListTokens("alice"));
    }

    [Fact]
    public async Task MalformedKeysAndActors_AreRefused()
    {
        var key = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.Grains.User("Alice").Find());
        var actor = await Assert.ThrowsAsync<IdentityInputRejectedException>(() => _host.User("alice").GrantFeature("Admin\n", "gpu-jobs"));
        var redeem = await Assert.ThrowsAsync<InvitationRefusedException>(() => _host.Grains.Invitations().Redeem("jhi_short"));

        Assert.Equal("userName", key.Field);
        Assert.Equal("actor", actor.Field);
        Assert.StartsWith("the code is malformed", redeem.Reason, StringComparison.Ordinal);
        Assert.Empty((await _host.User("alice").Get()).Features);
    }
}
