using System.Text;
using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;

namespace JobHub.Grains.Tests.Identity;

public sealed class ApiTokenTests : IAsyncLifetime
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private IdentityHost _host = null!;

    public async Task InitializeAsync() => _host = await IdentityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CreatedToken_IsAcceptedAsItsOwner_AndListedWithoutItsSecret()
    {
        await _host.AddRegularUserAsync("alice");
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = _host.Clock.GetUtcNow();

        var issued = await _host.User("alice").CreateToken("alice", "laptop");
        var check = await _host.TokenOf(issued.Token).Verify(issued.Token);
        var listed = await _host.User("alice").ListTokens("alice");

        Assert.True(ApiTokenFormat.IsWellFormedToken(issued.Token));
        Assert.StartsWith("jhp_", issued.Token, StringComparison.Ordinal);
        Assert.Equal(SecretId.Of(issued.Token), issued.Info.TokenId);
        Assert.DoesNotContain(issued.Token, issued.ToString(), StringComparison.Ordinal);
        Assert.Equal(new ApiTokenCheck(ApiTokenCheckResult.Valid, "alice", now + Day), check);
        var token = Assert.Single(listed, t => t.Name == "laptop");
        Assert.Equal(issued.Info.TokenId, token.TokenId);
        Assert.Equal(ApiTokenStatus.Active, token.Status);
        Assert.Equal(now, token.LastUsedAt);
        Assert.Equal(now, token.CreatedAt);
        Assert.Equal(["first token", "laptop"], listed.Select(t => t.Name));
    }

    [Fact]
    public async Task Token_UnusedFor24Hours_IsRefusedAsExpired()
    {
        var alice = await _host.AddRegularUserAsync("alice");
        var token = alice.Token.Token;

        _host.Clock.Advance(Day - TimeSpan.FromSeconds(1));
        var before = await _host.User("alice").ListTokens("alice");
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await _host.TokenOf(token).Verify(token);
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        var again = await _host.TokenOf(token).Verify(token);

        Assert.Equal(ApiTokenStatus.Active, Assert.Single(before).Status);
        Assert.Equal(ApiTokenCheckResult.Expired, expired.Result);
        Assert.Null(expired.UserName);
        Assert.Equal(ApiTokenCheckResult.Expired, again.Result);
        Assert.Equal(ApiTokenStatus.Expired, (await _host.TokenOf(token).Get())!.Status);
    }

    [Fact]
    public async Task Token_EachAcceptedUse_PushesItsExpiryOn()
    {
        var token = (await _host.AddRegularUserAsync("alice")).Token.Token;

        _host.Clock.Advance(TimeSpan.FromHours(23));
        var first = await _host.TokenOf(token).Verify(token);
        _host.Clock.Advance(TimeSpan.FromHours(23));
        var second = await _host.TokenOf(token).Verify(token);
        _host.Clock.Advance(Day);
        var third = await _host.TokenOf(token).Verify(token);

        Assert.Equal(ApiTokenCheckResult.Valid, first.Result);
        Assert.Equal(IdentityHost.StartTime + TimeSpan.FromHours(23) + Day, first.ExpiresAt);
        Assert.Equal(ApiTokenCheckResult.Valid, second.Result);
        Assert.Equal(IdentityHost.StartTime + TimeSpan.FromHours(46) + Day, second.ExpiresAt);
        Assert.Equal(ApiTokenCheckResult.Expired, third.Result);
    }

    [Fact]
    public async Task LastUse_IsWrittenAtMostOncePerInterval_YetExpiryFollowsTheNewestUse()
    {
        var issued = (await _host.AddRegularUserAsync("alice")).Token;
        var token = _host.TokenOf(issued.Token);
        var t0 = IdentityHost.StartTime;

        Assert.True((await token.Verify(issued.Token)).IsValid);
        var afterFirstUse = await _host.StoredTokenStateAsync(issued.Info.TokenId);
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await token.Verify(issued.Token)).IsValid);
        var afterSecondUse = await _host.StoredTokenStateAsync(issued.Info.TokenId);

        // Stored: the first use (expiry t0 + 24 h). Held by the activation: the second (expiry t0 + 30 s + 24 h).
        Assert.Equal(t0, afterFirstUse!.LastUsedAt);
        Assert.Equal(t0, afterSecondUse!.LastUsedAt);
        Assert.Equal(t0 + Day, afterSecondUse.ExpiresAt);
        Assert.Equal(t0 + TimeSpan.FromSeconds(30), (await token.Get())!.LastUsedAt);

        _host.Clock.Advance(Day - TimeSpan.FromSeconds(20)); // t0 + 24 h + 10 s: past the stored expiry, before the real one
        var late = await token.Verify(issued.Token);
        var afterLateUse = await _host.StoredTokenStateAsync(issued.Info.TokenId);

        Assert.Equal(ApiTokenCheckResult.Valid, late.Result);
        Assert.Equal(t0 + Day + TimeSpan.FromSeconds(10), afterLateUse!.LastUsedAt);
        Assert.Equal(t0 + Day + TimeSpan.FromSeconds(10) + Day, afterLateUse.ExpiresAt);
    }

    [Fact]
    public async Task LastUse_HeldOnlyInMemory_IsWrittenWhenTheSiloStops()
    {
        var issued = (await _host.AddRegularUserAsync("alice")).Token;
        await _host.TokenOf(issued.Token).Verify(issued.Token);
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        await _host.TokenOf(issued.Token).Verify(issued.Token);

        await _host.RestartAsync();
        _host.Clock.Advance(Day - TimeSpan.FromSeconds(20));

        Assert.Equal(IdentityHost.StartTime + TimeSpan.FromSeconds(30), (await _host.StoredTokenStateAsync(issued.Info.TokenId))!.LastUsedAt);
        Assert.True((await _host.TokenOf(issued.Token).Verify(issued.Token)).IsValid);
    }

    [Fact]
    public async Task RevokedToken_IsRefusedAtOnce_AndOnlyItsOwnerOrAnAdminRevokesIt()
    {
        await _host.AddRegularUserAsync("bob");
        var alice = await _host.AddRegularUserAsync("alice");
        var laptop = await _host.User("alice").CreateToken("alice", "laptop");
        var ci = await _host.User("alice").CreateToken("alice", "ci");

        var denied = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.User("alice").RevokeToken("bob", laptop.Info.TokenId));
        Assert.True((await _host.TokenOf(laptop.Token).Verify(laptop.Token)).IsValid);

        await _host.User("alice").RevokeToken("alice", laptop.Info.TokenId);
        await _host.User("alice").RevokeToken(IdentityHost.Admin, ci.Info.TokenId);

        Assert.Contains("only a token's owner and admins", denied.Message, StringComparison.Ordinal);
        Assert.Equal(ApiTokenCheckResult.Revoked, (await _host.TokenOf(laptop.Token).Verify(laptop.Token)).Result);
        Assert.Equal(ApiTokenCheckResult.Revoked, (await _host.TokenOf(ci.Token).Verify(ci.Token)).Result);
        Assert.True((await _host.TokenOf(alice.Token.Token).Verify(alice.Token.Token)).IsValid);
        Assert.Equal(["first token"], (await _host.User("alice").ListTokens("alice")).Select(t => t.Name));
        await Assert.ThrowsAsync<ApiTokenNotFoundException>(() => _host.User("alice").RevokeToken("alice", laptop.Info.TokenId));
        await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.User("alice").ListTokens("bob"));
    }

    [Fact]
    public async Task OnlyHashesAreStored_AndNoSecretIsLogged()
    {
        var alice = await _host.AddRegularUserAsync("alice");
        var laptop = await _host.User("alice").CreateToken("alice", "laptop");
        var invitation = await _host.Grains.Invitations().Invite(IdentityHost.Admin, new InvitationRequest { Email = "bob@example.com" });
        await _host.TokenOf(laptop.Token).Verify(laptop.Token);
        await _host.User("alice").RevokeToken("alice", laptop.Info.TokenId);
        await _host.RestartAsync(); // every queued write is committed

        var stored = _host.StorageBytes();
        var secrets = new[] { alice.Token.Token, laptop.Token, invitation.Code };
        var logs = string.Join('\n', _host.Logs.Lines);

        Assert.True(Contains(stored, laptop.Info.TokenId), "the token's hash (its grain key) should be in the storage file, or the wrong file was read");
        Assert.True(Contains(stored, "alice@example.com"), "the user's email should be in the storage file, or the wrong file was read");
        foreach (var secret in secrets)
        {
            Assert.False(Contains(stored, secret), "a secret was found in the storage file");
            Assert.False(Contains(stored, secret[4..]), "the random part of a secret was found in the storage file");
            Assert.DoesNotContain(secret[4..], logs, StringComparison.Ordinal);
        }

        Assert.Contains(_host.Logs.Lines, l => l.Contains("issued to alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedUnknownOrMisdirectedTokens_AreRefused()
    {
        var alice = await _host.AddRegularUserAsync("alice");
        var unknown = "jhp_" + new string('A', 43);

        Assert.Equal(ApiTokenCheckResult.Malformed, (await _host.TokenOf("x").Verify("not a token")).Result);
        Assert.Equal(ApiTokenCheckResult.Malformed, (await _host.TokenOf("x").Verify(alice.Token.Token + "\u001b")).Result);
        Assert.Equal(ApiTokenCheckResult.Unknown, (await _host.TokenOf(unknown).Verify(unknown)).Result);
        Assert.Equal(ApiTokenCheckResult.Unknown, (await _host.Grains.ApiToken(alice.Token.Info.TokenId).Verify(unknown)).Result);
        Assert.Null(await _host.TokenOf(unknown).Get());
    }

    [Fact]
    public async Task DisabledUser_TokensAreRefused_UntilEnabledAgain()
    {
        var alice = await _host.AddRegularUserAsync("alice");
        var token = alice.Token.Token;

        await _host.User("alice").Disable(IdentityHost.Admin);
        var whileDisabled = await _host.TokenOf(token).Verify(token);
        var acting = await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => _host.User("alice").CreateToken("alice", "another"));
        await _host.User("alice").Enable(IdentityHost.Admin);

        Assert.Equal(new ApiTokenCheck(ApiTokenCheckResult.UserDisabled, "alice", null), whileDisabled);
        Assert.Contains("a disabled user can do nothing", acting.Message, StringComparison.Ordinal);
        Assert.True((await _host.TokenOf(token).Verify(token)).IsValid);
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
