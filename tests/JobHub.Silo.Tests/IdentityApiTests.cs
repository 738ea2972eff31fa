using System.Net;
using System.Text.Json;

namespace JobHub.Silo.Tests;

/// <summary>
/// The identity API of a real silo process over HTTP: the bootstrap admin token, invitations, refused tokens (401 with
/// problem details, nothing changed), the admin and customer-admin rules (403 naming the rule), and secrets that appear
/// only in the answer that issues them and never in the silo's log output.
/// </summary>
public sealed class IdentityApiTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    [Fact]
    public async Task BootstrapAdminToken_IsTheAdmin()
    {
        var me = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", fixture.AdminToken);

        Assert.Equal("admin", me.GetProperty("name").GetString());
        Assert.Equal("regular", me.GetProperty("status").GetString());
        Assert.True(me.GetProperty("isAdmin").GetBoolean());
        Assert.Contains(me.GetProperty("groups").EnumerateArray(), g => g.GetProperty("key").GetString() == "jobhub/admins");
    }

    [Fact]
    public async Task NoToken_IsAnon()
    {
        var me = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", token: null);

        Assert.Equal("anon", me.GetProperty("name").GetString());
        Assert.False(me.GetProperty("isAdmin").GetBoolean());
    }

    [Fact]
    public async Task InvitedUser_AcceptsTheInvitation_AndTheirTokenWorks()
    {
        var invitation = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/users", fixture.AdminToken, new
        {
            email = "Iris@Example.com",
            groups = new[] { new { realm = "site", name = "optics" } },
            features = new[] { "gpu-jobs" },
        });
        var code = invitation.GetProperty("code").GetString()!;
        fixture.Remember(code);
        Assert.Equal("iris", invitation.GetProperty("info").GetProperty("userName").GetString());
        Assert.Equal("staged", await StatusOfAsync("iris"));

        // Staged users can do nothing, and nothing needs a token to redeem the code.
        var accepted = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/invitations/accept", token: null, new { code });
        var token = accepted.GetProperty("token").GetProperty("token").GetString()!;
        fixture.Remember(token);

        var me = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", token);
        Assert.Equal("iris", me.GetProperty("name").GetString());
        Assert.Contains(me.GetProperty("features").EnumerateArray(), f => f.GetString() == "gpu-jobs");
        Assert.Contains(me.GetProperty("groups").EnumerateArray(), g => g.GetProperty("key").GetString() == "site/optics");
        Assert.Contains(me.GetProperty("groups").EnumerateArray(), g => g.GetProperty("key").GetString() == "jobhub/users");
        Assert.Equal("regular", await StatusOfAsync("iris"));

        // A code is redeemed once: the second time it is gone for good.
        var again = await fixture.ExpectAsync(HttpStatusCode.Gone, HttpMethod.Post, "/api/v1/invitations/accept", token: null, new { code });
        AssertProblem(again, 410);
        var unknown = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, "/api/v1/invitations/accept", token: null, new { code = "jhi_" + IdentitySiloFixture.NewToken()[4..] });
        AssertProblem(unknown, 404);
        var malformed = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/invitations/accept", token: null, new { code = "jhi_short" });
        Assert.Contains("code", malformed.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The user's own tokens: a second one, listed without secrets.
        var second = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tokens", token, new { name = "laptop" });
        fixture.Remember(second.GetProperty("token").GetString()!);
        var list = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/tokens", token);
        Assert.Equal(new[] { "first token", "laptop" }, list.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray());
        AssertNoSecrets(list.GetRawText());
    }

    [Theory]
    [InlineData("malformed", "jhp_tooshort")]
    [InlineData("not a JobHub token", "Zm9vYmFy")]
    [InlineData("empty", "")]
    [InlineData("unknown", null)]
    public async Task RefusedToken_Answers401ProblemDetails_AndChangesNothing(string what, string? token)
    {
        token ??= IdentitySiloFixture.NewToken();
        var usersBefore = await UserNamesAsync();
        var jobsBefore = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/jobs?all=true&limit=500", fixture.AdminToken);

        foreach (var (method, path, body) in ChangingRequests($"refused-{what.Replace(' ', '-')}"))
        {
            using var request = fixture.Request(method, path, token: null, body);
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            using var response = await fixture.Silo.AnonymousHttp.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {method} {path} answered {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            AssertProblem(JsonDocument.Parse(text).RootElement, 401);
            if (token.Length > 0)
            {
                Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            }
        }

        Assert.Equal(usersBefore, await UserNamesAsync());
        var jobsAfter = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/jobs?all=true&limit=500", fixture.AdminToken);
        Assert.Equal(jobsBefore.GetProperty("jobs").GetArrayLength(), jobsAfter.GetProperty("jobs").GetArrayLength());
    }

    [Fact]
    public async Task RevokedToken_AndDisabledUsersToken_AreRefused()
    {
        var token = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "rhea");
        var spare = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tokens", token, new { name = "spare" });
        var spareToken = spare.GetProperty("token").GetString()!;
        fixture.Remember(spareToken);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", spareToken);

        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/api/v1/tokens/{spare.GetProperty("info").GetProperty("tokenId").GetString()}", token);
        var revoked = await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/me", spareToken);
        Assert.Contains("revoked", revoked.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/api/v1/tokens", spareToken, new { name = "sneaky" });

        // Revoking an id the user does not hold: 404.
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Delete, $"/api/v1/tokens/{new string('a', 64)}", token);

        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/users/rhea/disable", fixture.AdminToken);
        var disabled = await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/me", token);
        Assert.Contains("disabled", disabled.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/users/rhea/enable", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", token);
    }

    [Fact]
    public async Task CustomerAdmins_ManageUsers_ButNothingThatTouchesAdmins()
    {
        var carol = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "carol", "jobhub/customeradmins");
        var dave = await fixture.InviteAndAcceptAsync(carol, "dave");

        // A customer admin lists users, puts users in site groups and grants features...
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/users", carol);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/groups/site/physics/members/dave", carol);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/users/dave/features/gpu-jobs", carol);
        var members = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/groups/site/physics/members", carol);
        Assert.Contains(members.EnumerateArray(), m => m.GetProperty("name").GetString() == "dave");

        // ...but touches nothing of admins, with the rule in the answer.
        var toAdmins = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/groups/jobhub/admins/members/dave", carol);
        Assert.Contains("only admins add or remove members of jobhub/admins", toAdmins.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var disableAdmin = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/users/admin/disable", carol);
        Assert.Contains("admins", disableAdmin.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/tokens?user=admin", carol);

        // A plain user manages nothing, and anonymous callers even less.
        var list = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/users", dave);
        Assert.Contains("only admins and customer admins", list.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/users", dave, new { email = "eve@example.com" });
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/users/dave/features/interactive-jobs", dave);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/users", token: null, new { email = "eve@example.com" });
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/tokens", token: null, new { name = "anon's" });
        Assert.DoesNotContain("eve", await UserNamesAsync());

        // Admins may; regular users are never deleted; staged ones are.
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/groups/jobhub/admins/members/dave", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.Conflict, HttpMethod.Delete, "/api/v1/users/dave", fixture.AdminToken);
        var staged = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/users", carol, new { email = "gus@example.com" });
        fixture.Remember(staged.GetProperty("code").GetString()!);
        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/api/v1/users/gus", carol);
        Assert.DoesNotContain("gus", await UserNamesAsync());
    }

    [Fact]
    public async Task BadInputs_AreRefusedNamingTheField()
    {
        var email = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/users", fixture.AdminToken, new { email = "not-an-email" });
        Assert.True(email.GetProperty("errors").TryGetProperty("email", out _), email.GetRawText());
        var feature = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "/api/v1/users/admin/features/GPU%20jobs", fixture.AdminToken);
        Assert.True(feature.GetProperty("errors").TryGetProperty("feature", out _), feature.GetRawText());
        var tokenName = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/tokens", fixture.AdminToken, new { name = "a\u001bb" });
        Assert.True(tokenName.GetProperty("errors").TryGetProperty("name", out _), tokenName.GetRawText());
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, "/api/v1/users/Not..A..Name/disable", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, "/api/v1/users/nobody-here/disable", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/groups/jobhub/wizards/members", fixture.AdminToken);
        Assert.DoesNotContain("not-an-email", await UserNamesAsync());
    }

    [Fact]
    public async Task Secrets_AppearOnlyInTheAnswerThatIssuesThem_NeverInTheLog()
    {
        var token = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "sam");
        var spare = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tokens?user=sam", fixture.AdminToken, new { name = "issued by admin" });
        fixture.Remember(spare.GetProperty("token").GetString()!);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", spare.GetProperty("token").GetString());

        foreach (var path in new[] { "/api/v1/me", "/api/v1/tokens", "/api/v1/tokens?user=sam", "/api/v1/users", "/api/v1/groups/jobhub/users/members" })
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, path, fixture.AdminToken);
            AssertNoSecrets(await response.Content.ReadAsStringAsync());
        }

        using (var mine = await fixture.SendAsync(HttpMethod.Get, "/api/v1/tokens", token))
        {
            AssertNoSecrets(await mine.Content.ReadAsStringAsync());
        }

        var log = fixture.Silo.Process.Output;
        var leaked = fixture.Secrets.Where(s => log.Contains(s, StringComparison.Ordinal) || log.Contains(s[4..], StringComparison.Ordinal)).ToList();
        Assert.True(leaked.Count == 0, $"{leaked.Count} of {fixture.Secrets.Count} secrets appear in the silo's output");
    }

    private void AssertNoSecrets(string text)
    {
        foreach (var secret in fixture.Secrets)
        {
            Assert.DoesNotContain(secret[4..], text, StringComparison.Ordinal);
        }
    }

    private static void AssertProblem(JsonElement problem, int status)
    {
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    private async Task<string?> StatusOfAsync(string name) =>
        (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/users", fixture.AdminToken))
        .EnumerateArray().Where(u => u.GetProperty("name").GetString() == name).Select(u => u.GetProperty("status").GetString()).SingleOrDefault();

    private async Task<string[]> UserNamesAsync() =>
        [.. (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/users", fixture.AdminToken)).EnumerateArray().Select(u => u.GetProperty("name").GetString()!)];

    private static IEnumerable<(HttpMethod Method, string Path, object? Body)> ChangingRequests(string name) =>
    [
        (HttpMethod.Get, "/api/v1/me", null),
        (HttpMethod.Post, "/api/v1/users", new { email = $"{name}@example.com" }),
        (HttpMethod.Post, "/api/v1/tokens", new { name }),
        (HttpMethod.Put, "/api/v1/groups/jobhub/admins/members/anon", null),
        (HttpMethod.Post, "/api/v1/jobs", new { name, command = "true", nodeType = "local" }),
        (HttpMethod.Get, "/api/v1/jobs", null),
    ];
}
