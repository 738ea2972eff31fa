using System.Net;
using System.Text.Json;

namespace JobHub.Silo.Tests;

/// <summary>
/// Projects on a real silo process: any user creates one and owns it; the owner and admins change and delete it; its
/// members (owner, members of its groups) see it; a job naming a project is accepted only from a member (403 naming the
/// project, 404 when there is none, 400 for a name that breaks the rules), and nothing is created on a refusal.
/// </summary>
public sealed class ProjectsApiTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    [Fact]
    public async Task Project_OwnerAndAdminsChangeIt_MembersSeeIt_OthersAreRefused()
    {
        var paula = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "paula");
        var quinn = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "quinn", "site/optics");
        var rita = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "rita");

        var created = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", paula, new { name = "lens", groups = Array.Empty<object>() });
        Assert.Equal("paula", created.GetProperty("owner").GetString());
        Assert.Contains("lens", await NamesAsync(paula));
        Assert.DoesNotContain("lens", await NamesAsync(quinn));
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/projects/lens", quinn);

        // Only the owner and admins change it; the group's members become members.
        var byRita = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/projects/lens/groups/site/optics", rita);
        Assert.Contains("only its owner ('paula') and admins", byRita.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/projects/lens/groups/site/optics", paula);
        Assert.Contains("lens", await NamesAsync(quinn));
        var seen = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/projects/lens", quinn);
        Assert.Equal("site", seen.GetProperty("groups")[0].GetProperty("realm").GetString());

        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, "/api/v1/projects/lens/groups/site/optics", fixture.AdminToken);
        Assert.DoesNotContain("lens", await NamesAsync(quinn));
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/projects/lens", fixture.AdminToken);
        Assert.Contains("lens", await NamesAsync(fixture.AdminToken, all: true));
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/projects?all=true", rita);

        // A second creation under the name is a conflict; anonymous callers create nothing.
        await fixture.ExpectAsync(HttpStatusCode.Conflict, HttpMethod.Post, "/api/v1/projects", rita, new { name = "lens" });
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/projects", token: null, new { name = "anons" });
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/projects/anons", fixture.AdminToken);

        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, "/api/v1/projects/lens", rita);
        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/api/v1/projects/lens", paula);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/projects/lens", paula);
        Assert.DoesNotContain("lens", await NamesAsync(fixture.AdminToken, all: true));
    }

    [Fact]
    public async Task BadProjectInputs_AreRefusedWithTheField_AndNothingIsCreated()
    {
        var sam = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "sam");
        var bad = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/projects", sam, new { name = "../etc" });
        Assert.True(bad.GetProperty("errors").TryGetProperty("name", out _), bad.GetRawText());
        var tooLong = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/projects", sam, new { name = new string('p', 65) });
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("name", out _), tooLong.GetRawText());
        var badGroup = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/projects", sam, new { name = "ok-name", groups = new[] { new { realm = "jobhub", name = "nosuch" } } });
        Assert.Contains("groups[0]", badGroup.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Put, "/api/v1/projects/ok-name/groups/mars/x", sam);
        Assert.Empty(await NamesAsync(sam));
    }

    [Fact]
    public async Task JobInAProject_IsAcceptedOnlyFromAMember()
    {
        var tara = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "tara");
        var ugo = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "ugo", "site/astro");
        var vic = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "vic");
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", tara, new { name = "sky", groups = new[] { new { realm = "site", name = "astro" } } });

        var before = await JobCountAsync(vic);
        var refused = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/jobs", vic, Job("sky"));
        Assert.Contains("project 'sky'", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var missing = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, "/api/v1/jobs", vic, Job("no-such-project"));
        Assert.Contains("no-such-project", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var malformed = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/jobs", vic, Job("Bad Name!"));
        Assert.True(malformed.GetProperty("errors").TryGetProperty("project", out _), malformed.GetRawText());
        Assert.Equal(before, await JobCountAsync(vic));

        // The owner and a member through a group are accepted.
        var byOwner = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", tara, Job("sky"));
        Assert.Equal("sky", byOwner.GetProperty("spec").GetProperty("project").GetString());
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", ugo, Job("sky"));
    }

    private static object Job(string project) => new { name = "in a project", command = "true", nodeType = "local", project };

    private async Task<int> JobCountAsync(string token) =>
        (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/jobs?limit=500", token)).GetProperty("jobs").GetArrayLength();

    private async Task<string?[]> NamesAsync(string token, bool all = false) =>
        [.. (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/projects" + (all ? "?all=true" : string.Empty), token)).EnumerateArray().Select(p => p.GetProperty("name").GetString())];
}
