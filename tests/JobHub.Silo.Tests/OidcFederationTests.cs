using System.Net;
using System.Text.Json;

namespace JobHub.Silo.Tests;

/// <summary>
/// OpenID Connect federation against a real silo process and a provider served by the test on loopback: a valid token
/// acts as the user with that email (first login promotes an invited user; the groups claim sets their site groups), an
/// unknown email, a disabled user and every kind of bad token are refused with 401 problem details (never anonymous),
/// and JobHub API tokens keep working beside it.
/// </summary>
public sealed class OidcFederationTests(OidcSiloFixture fixture) : IClassFixture<OidcSiloFixture>
{
    private IdentitySiloFixture Identity => fixture.Identity;

    private OidcProvider Provider => fixture.Provider;

    [Fact]
    public async Task FirstLogin_OfAnInvitedEmail_PromotesTheStagedUser_WithTheSiteGroupsOfTheClaim()
    {
        await InviteAsync("olga");
        Assert.Equal("staged", await StatusOfAsync("olga"));

        var me = await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", Provider.Token("Olga@Example.com", ["physics", "optics"]));

        Assert.Equal("olga", me.GetProperty("name").GetString());
        Assert.Equal("regular", me.GetProperty("status").GetString());
        Assert.Equal(["jobhub/users", "site/optics", "site/physics"], Groups(me));
        Assert.Equal("regular", await StatusOfAsync("olga"));

        var logins = await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/audit?actor=olga&action=user.login", Identity.AdminToken);
        var login = Assert.Single(logins.GetProperty("entries").EnumerateArray());
        Assert.Equal("ok", login.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task GroupsClaimChanges_AreApplied_AtEachLogin_AndJobHubGroupsStay()
    {
        await InviteAsync("gwen");
        await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", Provider.Token("gwen@example.com", ["alpha", "beta"]));
        await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/groups/jobhub/customeradmins/members/gwen", Identity.AdminToken);

        var me = await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", Provider.Token("gwen@example.com", ["beta", "gamma", "jobhub/admins"]));

        Assert.Equal(["jobhub/customeradmins", "jobhub/users", "site/beta", "site/gamma"], Groups(me));

        var none = await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", Provider.Token("gwen@example.com"));
        Assert.Equal(["jobhub/customeradmins", "jobhub/users"], Groups(none));
        var audit = await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/audit?target=gwen&action=group.member.remove", Identity.AdminToken);
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("detail").GetString()!.Contains("site/alpha", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownEmail_IsRefused_SayingTheUserMustBeInvited()
    {
        var problem = await Identity.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/me", Provider.Token("stranger@example.com", ["physics"]));

        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains("must invite", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var users = await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/users", Identity.AdminToken);
        Assert.DoesNotContain(users.EnumerateArray(), u => u.GetProperty("email").GetString() == "stranger@example.com");
    }

    [Fact]
    public async Task DisabledUser_IsRefused()
    {
        await InviteAsync("dora");
        await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", Provider.Token("dora@example.com"));
        await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/users/dora/disable", Identity.AdminToken);

        var problem = await Identity.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/me", Provider.Token("dora@example.com"));

        Assert.Contains("disabled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("issuer")]
    [InlineData("audience")]
    [InlineData("expired")]
    [InlineData("not yet valid")]
    [InlineData("tampered")]
    public async Task BadTokens_AreRefusedWith401_NeverAnonymous(string what)
    {
        await InviteAsync("bea");
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var token = what switch
        {
            "signature" => Provider.Token("bea@example.com", otherKey: true),
            "issuer" => Provider.Token("bea@example.com", issuer: "https://evil.example"),
            "audience" => Provider.Token("bea@example.com", audience: "someone-else"),
            "expired" => Provider.Token("bea@example.com", notBefore: now.AddMinutes(-30), expires: now.AddMinutes(-5)),
            "not yet valid" => Provider.Token("bea@example.com", notBefore: now.AddMinutes(10), expires: now.AddMinutes(30)),
            _ => Tamper(Provider.Token("bea@example.com", ["physics"])),
        };

        var problem = await Identity.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/me", token);

        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("identity provider's token was refused", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(token, detail, StringComparison.Ordinal);
        Assert.Equal("staged", await StatusOfAsync("bea"));
    }

    [Fact]
    public async Task ApiTokens_KeepWorking_WithFederationOn()
    {
        var me = await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", Identity.AdminToken);
        Assert.Equal("admin", me.GetProperty("name").GetString());

        var token = await Identity.InviteAndAcceptAsync(Identity.AdminToken, "tobias");
        var tobias = await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", token);
        Assert.Equal("tobias", tobias.GetProperty("name").GetString());
        await Identity.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/me", "not.a.jwt");
    }

    private static string Tamper(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]));
        parts[1] = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload.Replace("physics", "admins", StringComparison.Ordinal));
        return string.Join('.', parts);
    }

    private static string[] Groups(JsonElement me) =>
        [.. me.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()!).Order(StringComparer.Ordinal)];

    private async Task InviteAsync(string name)
    {
        using var response = await Identity.SendAsync(HttpMethod.Post, "/api/v1/users", Identity.AdminToken, new { email = $"{name}@example.com", userName = name });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"invite {name}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Identity.Remember(body.GetProperty("code").GetString()!);
        }
    }

    private async Task<string> StatusOfAsync(string name)
    {
        var users = await Identity.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/users", Identity.AdminToken);
        return users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == name).GetProperty("status").GetString()!;
    }
}
