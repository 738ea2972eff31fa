using System.Net;
using System.Text.Json;

namespace JobHub.Silo.Tests;

/// <summary>
/// <c>GET /api/v1/users/{name}</c> (admins and customer admins see anyone, a user themselves, anyone else 404) and a
/// group's features over HTTP (<c>GET</c>, <c>PUT</c>, <c>DELETE /api/v1/groups/{realm}/{name}/features[/{feature}]</c>)
/// on a real silo process: who may, what a member then has, and refusals that change nothing.
/// </summary>
public sealed class IdentityLookupApiTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    [Fact]
    public async Task GetUser_AdminsAndCustomerAdminsSeeAnyone_UsersOnlyThemselves_OthersGet404()
    {
        var gina = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "gina");
        var hugo = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "hugo");
        var carla = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "carla", "jobhub/customeradmins");

        var byAdmin = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/users/gina", fixture.AdminToken);
        Assert.Equal("gina", byAdmin.GetProperty("name").GetString());
        Assert.Equal("gina@example.com", byAdmin.GetProperty("email").GetString());
        Assert.Equal("regular", byAdmin.GetProperty("status").GetString());
        Assert.Equal("admin", byAdmin.GetProperty("invitedBy").GetString());
        Assert.Equal("gina", (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/users/gina", carla)).GetProperty("name").GetString());
        Assert.Equal("gina", (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/users/gina", gina)).GetProperty("name").GetString());

        // Another user, an anonymous caller, a user that does not exist and a name that cannot be one: all the same 404.
        var hidden = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/users/gina", hugo);
        var anonymous = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/users/gina", token: null);
        var missing = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/users/nobody-here", fixture.AdminToken);
        var malformed = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/users/Not%20A%20Name", fixture.AdminToken);
        Assert.Equal(hidden.GetProperty("title").GetString(), anonymous.GetProperty("title").GetString());
        Assert.Equal(hidden.GetProperty("title").GetString(), missing.GetProperty("title").GetString());
        Assert.Equal(404, malformed.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task GroupFeature_GrantedByAnAdmin_ReachesEveryMember_AndIsTakenBack()
    {
        var ivan = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "ivan", "site/lasers");

        var granted = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/groups/site/lasers/features/interactive-jobs", fixture.AdminToken);
        Assert.Equal(new[] { "interactive-jobs" }, Features(granted));
        Assert.Equal(new[] { "interactive-jobs" }, Features(await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/groups/site/lasers/features", fixture.AdminToken)));
        Assert.Contains("interactive-jobs", Features(await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", ivan)));

        // Granting again changes nothing; taking it back removes it from the members' effective features.
        Assert.Equal(new[] { "interactive-jobs" }, Features(await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/groups/site/lasers/features/interactive-jobs", fixture.AdminToken)));
        Assert.Empty(Features(await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, "/api/v1/groups/site/lasers/features/interactive-jobs", fixture.AdminToken)));
        Assert.DoesNotContain("interactive-jobs", Features(await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", ivan)));
    }

    [Fact]
    public async Task GroupFeature_RefusedChanges_Answer403Or400Or404_AndChangeNothing()
    {
        var julia = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "julia", "site/optics-lab");
        var cyril = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "cyril", "jobhub/customeradmins");

        // Customer admins may grant to any group but jobhub/admins; regular users and anonymous callers to none.
        var toAdmins = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/groups/jobhub/admins/features/interactive-jobs", cyril);
        Assert.Contains("cyril", toAdmins.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/groups/site/optics-lab/features/interactive-jobs", julia);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/groups/site/optics-lab/features/interactive-jobs", token: null);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/groups/site/optics-lab/features", julia);
        Assert.Empty(Features(await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/groups/jobhub/admins/features", fixture.AdminToken)));
        Assert.Empty(Features(await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/groups/site/optics-lab/features", cyril)));

        // Malformed features are 400 naming the field; groups that cannot exist are 404 before any grain is asked.
        var badFeature = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "/api/v1/groups/site/optics-lab/features/GPU%20jobs", fixture.AdminToken);
        Assert.True(badFeature.GetProperty("errors").TryGetProperty("feature", out _), badFeature.GetRawText());
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Put, "/api/v1/groups/jobhub/wizards/features/interactive-jobs", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/groups/nowhere/optics-lab/features", fixture.AdminToken);
        Assert.Empty(Features(await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/groups/site/optics-lab/features", fixture.AdminToken)));
        Assert.DoesNotContain("interactive-jobs", Features(await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/me", julia)));
    }

    private static string[] Features(JsonElement element) =>
        [.. element.GetProperty("features").EnumerateArray().Select(f => f.GetString()!)];
}
