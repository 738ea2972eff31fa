using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Tests.Identity;

public sealed class BootstrapTests
{
    private const string ConfiguredToken = "jhp_configured-token-for-automation-0123456789abcdefghij";

    [Fact]
    public async Task FirstStart_CreatesTheBuiltInUsers()
    {
        await using var host = await IdentityHost.StartAsync();

        var admin = await host.User(BuiltInUsers.Admin).Get();
        var anon = await host.User(BuiltInUsers.Anon).Get();

        Assert.Equal([BuiltInGroups.Admins, BuiltInGroups.Users], admin.Groups.ToArray());
        Assert.Equal(UserStatus.Regular, admin.Status);
        Assert.True(admin.BuiltIn);
        Assert.Equal([BuiltInGroups.Anon], anon.Groups.ToArray());
        Assert.Equal([BuiltInUsers.Admin, BuiltInUsers.Anon], (await host.Grains.UserDirectory().List()).Select(u => u.Name));
    }

    [Fact]
    public async Task FirstStart_WritesAnOwnerOnlyAdminTokenFile_ThatIsNeverRewritten()
    {
        await using var host = await IdentityHost.StartAsync();

        var token = (await File.ReadAllTextAsync(host.AdminTokenFile)).TrimEnd('\n');
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(host.AdminTokenFile);
        var check = await host.TokenOf(token).Verify(token);
        host.Clock.Advance(TimeSpan.FromDays(40));
        var later = await host.TokenOf(token).Verify(token);
        await host.RestartAsync();
        var afterRestart = await File.ReadAllTextAsync(host.AdminTokenFile);
        File.Delete(host.AdminTokenFile);
        await host.RestartAsync();

        Assert.True(ApiTokenFormat.IsWellFormedToken(token));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(new ApiTokenCheck(ApiTokenCheckResult.Valid, BuiltInUsers.Admin, null), check);
        Assert.True(later.IsValid, "the first-start admin token should never expire");
        Assert.Equal(token + "\n", afterRestart);
        Assert.False(File.Exists(host.AdminTokenFile), "the first-start token is issued once, ever: a deleted file is not written again");
        Assert.Empty(Directory.GetFiles(host.DataFolder));
        Assert.True((await host.TokenOf(token).Verify(token)).IsValid);
        var listed = Assert.Single(await host.User(BuiltInUsers.Admin).ListTokens(BuiltInUsers.Admin));
        Assert.Equal("first-start admin token", listed.Name);
        Assert.Null(listed.ExpiresAt);
    }

    [Fact]
    public async Task ConfiguredBootstrapToken_IsAcceptedAsAdmin_NeverExpires_AndNoFileIsWritten()
    {
        await using var host = await IdentityHost.StartAsync(o => o.BootstrapAdminToken = ConfiguredToken);

        var check = await host.TokenOf(ConfiguredToken).Verify(ConfiguredToken);
        host.Clock.Advance(TimeSpan.FromDays(30));
        var later = await host.TokenOf(ConfiguredToken).Verify(ConfiguredToken);

        Assert.Equal(new ApiTokenCheck(ApiTokenCheckResult.Valid, BuiltInUsers.Admin, null), check);
        Assert.True(later.IsValid);
        Assert.False(File.Exists(host.AdminTokenFile));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(ConfiguredToken[4..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangedBootstrapToken_RevokesThePreviousOne()
    {
        var next = "jhp_" + new string('n', 43);
        var configured = ConfiguredToken;
        await using var host = await IdentityHost.StartAsync(o => o.BootstrapAdminToken = configured);

        configured = next;
        await host.RestartAsync();

        Assert.Equal(ApiTokenCheckResult.Revoked, (await host.TokenOf(ConfiguredToken).Verify(ConfiguredToken)).Result);
        Assert.True((await host.TokenOf(next).Verify(next)).IsValid);
        Assert.Equal([SecretId.Of(next)], (await host.User(BuiltInUsers.Admin).ListTokens(BuiltInUsers.Admin)).Select(t => t.TokenId));
    }

    [Fact]
    public async Task BadOptions_StopTheSiloAtStart_NamingEachSetting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => IdentityHost.StartAsync(o =>
        {
            o.BootstrapAdminToken = "secret-but-not-a-jobhub-token";
            o.InvitationLifetime = TimeSpan.Zero;
        }));

        Assert.Contains("JobHubIdentityOptions.BootstrapAdminToken", failure.Message, StringComparison.Ordinal);
        Assert.Contains("JobHubIdentityOptions.InvitationLifetime", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-but-not-a-jobhub-token", failure.Message, StringComparison.Ordinal);
    }
}
