using System.Runtime.Versioning;
using System.Text.Json;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Identity;

namespace JobHub.Client.Tests;

/// <summary>
/// <c>jobhub login|logout|whoami|tokens|users|groups</c> as real processes against a real silo process: the private config
/// file, which token is sent (and from where), the local silo's admin token file for loopback URLs only, and bad input.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class JobHubCliIdentityTests(IdentityClientFixture fixture) : IClassFixture<IdentityClientFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("jobhub-cli-identity-").FullName;

    private string ConfigHome => Path.Combine(_home, "config");

    private string ConfigFile => Path.Combine(ConfigHome, "jobhub", "config.json");

    /// <summary>A working directory with no <c>data/admin-token</c> below it.</summary>
    private string EmptyFolder => Directory.CreateDirectory(Path.Combine(_home, "empty")).FullName;

    [Fact]
    public async Task Login_TokenFromStdin_SavesItPrivately_WhoamiSaysSo_LogoutForgetsIt()
    {
        var token = await fixture.InviteAndAcceptAsync("cli-uma");

        var login = await JobHubAsync(["login"], input: token + "\n");
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("as cli-uma", login.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(token, login.Out + login.Error, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(ConfigFile)!));

        var whoami = await JobHubAsync(["whoami"]);
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Contains("user:     cli-uma", whoami.Out, StringComparison.Ordinal);
        Assert.Contains($"token:    saved by jobhub login in {ConfigFile}", whoami.Out, StringComparison.Ordinal);

        var logout = await JobHubAsync(["logout"]);
        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(ConfigFile), StringComparison.Ordinal);
        var after = await WhoamiJsonAsync();
        Assert.Equal("anon", after.GetProperty("name").GetString());
        Assert.Equal("none", after.GetProperty("tokenSource").GetString());

        // Logging out forgot the token but did not revoke it (that is --revoke).
        using var uma = fixture.ClientFor(token);
        Assert.Equal("cli-uma", (await uma.GetMeAsync()).Name);
    }

    [Fact]
    public async Task Login_WithInvitationCode_AcceptsIt_AndLogoutRevoke_RevokesTheToken()
    {
        using var admin = fixture.ClientFor(fixture.AdminToken);
        var invitation = await admin.InviteUserAsync(new InvitationRequest { Email = "cli-vera@example.com", Features = ["gpu-jobs"] });

        var login = await JobHubAsync(["login", "--code", invitation.Code]);
        Assert.True(login.ExitCode == 0, login.ToString());
        var me = await WhoamiJsonAsync();
        Assert.Equal("cli-vera", me.GetProperty("name").GetString());
        Assert.Equal("config", me.GetProperty("tokenSource").GetString());
        Assert.Contains("gpu-jobs", me.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        var tokens = await JobHubAsync(["tokens", "list"]);
        Assert.Contains("first token", tokens.Out, StringComparison.Ordinal);

        var logout = await JobHubAsync(["logout", "--revoke"]);
        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.Contains("revoked", logout.Error, StringComparison.Ordinal);
        Assert.All(await admin.ListTokensAsync("cli-vera"), t => Assert.Equal(ApiTokenStatus.Revoked, t.Status));
    }

    [Fact]
    public async Task Login_RefusedToken_ExitsFour_AndSavesNothing()
    {
        var run = await JobHubAsync(["login", "--token", "jhp_" + new string('x', 43)]);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("401", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigFile));
    }

    [Fact]
    public async Task Login_WhereTheConfigCannotBeMadePrivate_RefusesBeforeSpendingTheCode()
    {
        Directory.CreateDirectory(ConfigHome);
        await File.WriteAllTextAsync(Path.Combine(ConfigHome, "jobhub"), "a file where the config folder should be");
        using var admin = fixture.ClientFor(fixture.AdminToken);
        var invitation = await admin.InviteUserAsync(new InvitationRequest { Email = "cli-wanda@example.com" });

        var run = await JobHubAsync(["login", "--code", invitation.Code]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("cannot make", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(UserStatus.Staged, (await admin.GetUserAsync("cli-wanda")).Status);
        using var anonymous = fixture.ClientFor(null);
        Assert.Equal("cli-wanda", (await anonymous.AcceptInvitationAsync(invitation.Code)).User.Name);
    }

    [Fact]
    public async Task Login_TightensAnExistingOpenConfigFolder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(ConfigHome, "jobhub")).FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);

        var run = await JobHubAsync(["login", "--token", fixture.AdminToken]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigFile));
    }

    [Fact]
    public async Task TokenResolution_OptionThenEnvironmentThenSavedLoginThenAdminTokenFile()
    {
        var ann = await fixture.InviteAndAcceptAsync("cli-ann");
        var ben = await fixture.InviteAndAcceptAsync("cli-ben");
        var cid = await fixture.InviteAndAcceptAsync("cli-cid");
        Assert.True((await JobHubAsync(["login"], input: cid)).ExitCode == 0);
        var all = new Dictionary<string, string?> { ["JOBHUB_TOKEN"] = ben, ["JOBHUB_DATA_DIR"] = fixture.DataDirectory };

        var option = await WhoamiJsonAsync(["--token", ann], all);
        var environment = await WhoamiJsonAsync([], all);
        var saved = await WhoamiJsonAsync([], new Dictionary<string, string?> { ["JOBHUB_DATA_DIR"] = fixture.DataDirectory });
        Assert.True((await JobHubAsync(["logout"])).ExitCode == 0);
        var adminFile = await WhoamiJsonAsync([], new Dictionary<string, string?> { ["JOBHUB_DATA_DIR"] = fixture.DataDirectory });
        var none = await WhoamiJsonAsync([]);

        Assert.Equal(("cli-ann", "option"), Who(option));
        Assert.Equal(("cli-ben", "environment"), Who(environment));
        Assert.Equal(("cli-cid", "config"), Who(saved));
        Assert.Equal(("admin", "admin-token-file"), Who(adminFile));
        Assert.Equal(fixture.AdminTokenFile, adminFile.GetProperty("tokenFile").GetString());
        Assert.Equal(("anon", "none"), Who(none));
    }

    [Fact]
    public async Task AdminTokenFile_IsFoundInTheDefaultDataFolder_ForLocalhostToo()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_home, "repo", "data")).FullName;
        File.Copy(fixture.AdminTokenFile, Path.Combine(folder, "admin-token"));
        var repository = Path.GetDirectoryName(folder)!;

        var byAddress = await JobHubAsync(["whoami"], workingDirectory: repository);
        var byName = await CliRun.RunAsync(new Uri($"http://localhost:{fixture.Url.Port}"), ["whoami"], repository, environment: Config());

        Assert.True(byAddress.ExitCode == 0, byAddress.ToString());
        Assert.Contains("user:     admin", byAddress.Out, StringComparison.Ordinal);
        Assert.Contains("admin token file " + Path.Combine(folder, "admin-token"), byAddress.Out, StringComparison.Ordinal);
        Assert.True(byName.ExitCode == 0, byName.ToString());
        Assert.Contains("user:     admin", byName.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminTokenFile_IsNeverSentToAHostThatIsNotLoopback()
    {
        await using var proxy = new RecordingProxy();
        var environment = new Dictionary<string, string?>(Config())
        {
            ["JOBHUB_DATA_DIR"] = fixture.DataDirectory,
            ["HTTP_PROXY"] = proxy.Url.AbsoluteUri,
            ["http_proxy"] = proxy.Url.AbsoluteUri,
            ["NO_PROXY"] = null,
            ["no_proxy"] = null,
        };

        var run = await CliRun.RunAsync(new Uri("http://jobhub.example:5080"), ["whoami"], EmptyFolder, environment: environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("token:    none (anonymous)", run.Out, StringComparison.Ordinal);
        var request = Assert.Single(proxy.Requests);
        Assert.Contains("jobhub.example", request, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", request, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(fixture.AdminToken, request, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]> BadIdentityCommandLines => new()
    {
        // what the one-line message must name, the command line
        { "<user>", ["users", "show", "Not A Name"] },
        { "<user>", ["users", "disable", "../admin"] },
        { "<user>", ["users", "delete", "_hidden"] },
        { "<feature>", ["users", "grant", "cli-zed", "GPU jobs"] },
        { "<email>", ["users", "invite", "not-an-email"] },
        { "--name", ["users", "invite", "ok@example.com", "--name", "Upper"] },
        { "--group", ["users", "invite", "ok@example.com", "--group", "nogroup"] },
        { "--group", ["users", "invite", "ok@example.com", "--group", "jobhub/wizards"] },
        { "--feature", ["users", "invite", "ok@example.com", "--feature", "bad_feature"] },
        { "<group>", ["groups", "members", "site"] },
        { "<group>", ["groups", "add", "nowhere/team", "cli-zed"] },
        { "<user>", ["groups", "remove", "site/team", "Zed"] },
        { "<feature>", ["groups", "grant", "site/team", "_x"] },
        { "<id>", ["tokens", "revoke", "0123"] },
        { "--name", ["tokens", "create", "--name", "line\nbreak"] },
        { "--user", ["tokens", "list", "--user", "Not A Name"] },
        { "<user>", ["users", "show"] },
        { "<feature>", ["groups", "grant", "site/team"] },
    };

    [Theory]
    [MemberData(nameof(BadIdentityCommandLines))]
    public async Task BadIdentityInput_ExitsTwo_OneLineNamingTheArgument_NothingChanged(string named, string[] arguments)
    {
        using var admin = fixture.ClientFor(fixture.AdminToken);
        var before = Snapshot(await admin.ListUsersAsync());

        var run = await JobHubAsync([.. arguments, "--token", fixture.AdminToken]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
        Assert.Equal(before, Snapshot(await admin.ListUsersAsync()));
    }

    [Fact]
    public async Task TokenGivenAsAnId_IsRefused_WithoutShowingIt()
    {
        var run = await JobHubAsync(["tokens", "revoke", fixture.AdminToken, "--token", fixture.AdminToken]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.DoesNotContain(fixture.AdminToken, run.Error, StringComparison.Ordinal);
        Assert.Contains("not a token id", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersAndGroups_AsAnAdmin_AndRefusedToARegularUser()
    {
        var zed = await fixture.InviteAndAcceptAsync("cli-zed");

        var invite = await JobHubAsync(["users", "invite", "cli-yves@example.com", "--group", "site/cli-team", "--feature", "gpu-jobs", "--token", fixture.AdminToken]);
        Assert.True(invite.ExitCode == 0, invite.ToString());
        Assert.StartsWith(ApiTokenFormat.InvitationCodePrefix, invite.Out.Trim(), StringComparison.Ordinal);
        var show = await JobHubAsync(["users", "show", "cli-yves", "--token", fixture.AdminToken]);
        Assert.Contains("status:     staged", show.Out, StringComparison.Ordinal);
        Assert.Contains("groups:     site/cli-team", show.Out, StringComparison.Ordinal);
        Assert.Contains("features:   gpu-jobs", show.Out, StringComparison.Ordinal);

        Assert.True((await JobHubAsync(["groups", "add", "site/cli-team", "cli-zed", "--token", fixture.AdminToken])).ExitCode == 0);
        Assert.True((await JobHubAsync(["groups", "grant", "site/cli-team", "interactive-jobs", "--token", fixture.AdminToken])).ExitCode == 0);
        var granted = await JobHubAsync(["users", "grant", "cli-zed", "gpu-jobs", "--token", fixture.AdminToken]);
        Assert.True(granted.ExitCode == 0, granted.ToString());
        Assert.Contains("cli-zed features: gpu-jobs", granted.Out, StringComparison.Ordinal);
        var members = await JobHubAsync(["groups", "members", "site/cli-team", "--token", fixture.AdminToken]);
        Assert.Contains("cli-yves", members.Out, StringComparison.Ordinal);
        Assert.Contains("cli-zed", members.Out, StringComparison.Ordinal);
        Assert.Contains("interactive-jobs", (await WhoamiJsonAsync(["--token", zed])).GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        Assert.True((await JobHubAsync(["users", "delete", "cli-yves", "--token", fixture.AdminToken])).ExitCode == 0);

        // A regular user is refused (exit 4, one line with the rule); a user they may not see is not found (exit 3).
        var refused = await JobHubAsync(["users", "disable", "cli-zed", "--token", zed]);
        Assert.True(refused.ExitCode == 4, refused.ToString());
        Assert.Contains("only admins and customer admins", Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        var hidden = await JobHubAsync(["users", "show", "admin", "--token", zed]);
        Assert.True(hidden.ExitCode == 3, hidden.ToString());
        using var admin = fixture.ClientFor(fixture.AdminToken);
        Assert.Equal(UserStatus.Regular, (await admin.GetUserAsync("cli-zed")).Status);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }

    private static (string?, string?) Who(JsonElement me) => (me.GetProperty("name").GetString(), me.GetProperty("tokenSource").GetString());

    private static string Snapshot(IEnumerable<UserSummary> users) =>
        string.Join('\n', users.Select(u => $"{u.Name} {u.Status} {string.Join(',', u.Groups.Select(g => g.Key))}"));

    private Dictionary<string, string?> Config() => new() { ["XDG_CONFIG_HOME"] = ConfigHome };

    private Task<CliRun> JobHubAsync(string[] arguments, string? input = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var merged = Config();
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            merged[name] = value;
        }

        return CliRun.RunAsync(fixture.Url, arguments, workingDirectory ?? EmptyFolder, environment: merged, input: input);
    }

    private async Task<JsonElement> WhoamiJsonAsync(string[]? arguments = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var run = await JobHubAsync(["whoami", "--json", .. arguments ?? []], environment: environment);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Out).RootElement.Clone();
    }
}
