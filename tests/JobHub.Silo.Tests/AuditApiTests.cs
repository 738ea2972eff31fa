using System.Net;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// The audit log through a real silo process over HTTP: each identity change and refusal appears with its outcome, only
/// admins read it (403 otherwise, the refusal recorded too), filters and paging work, bad query values are refused naming
/// the field, no token or invitation code is ever in it, and (SQLite, the embedded silo) it survives a restart.
/// </summary>
public sealed class AuditApiTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    [Fact]
    public async Task EachIdentityChange_AppearsInTheAuditLog_WithItsOutcome()
    {
        var token = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "audrey");

        var second = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tokens", token, new { name = "laptop" });
        fixture.Remember(second.GetProperty("token").GetString()!);
        var tokenId = second.GetProperty("info").GetProperty("tokenId").GetString()!;
        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/api/v1/tokens/{tokenId}", token);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/groups/site/physics/members/audrey", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, "/api/v1/groups/site/physics/members/audrey", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/users/audrey/features/gpu-jobs", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, "/api/v1/users/audrey/features/gpu-jobs", fixture.AdminToken);

        // A refusal: a regular user may not put themselves among the admins (403), recorded as denied.
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/groups/jobhub/admins/members/audrey", token);

        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/users/audrey/disable", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/users/audrey/enable", fixture.AdminToken);

        var entries = await AllAsync("target=audrey");
        var seen = entries.Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("outcome").GetString()}").Reverse().ToArray();
        Assert.Equal(
            [
                "user.invite ok", "user.login ok", "token.create ok", "token.revoke ok", "group.member.add ok", "group.member.remove ok",
                "user.feature.grant ok", "user.feature.revoke ok", "group.member.add denied", "user.disable ok", "user.enable ok",
            ],
            seen);

        var denied = entries.Single(e => e.GetProperty("outcome").GetString() == "denied");
        Assert.Equal("audrey", denied.GetProperty("actor").GetString());
        Assert.Contains("jobhub/admins", denied.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var disable = entries.Single(e => e.GetProperty("action").GetString() == "user.disable");
        Assert.Equal("admin", disable.GetProperty("actor").GetString());
        Assert.True(disable.GetProperty("sequence").GetInt64() > 0);
        Assert.True(DateTimeOffset.Parse(disable.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task StagedUsers_AndRefusedInvitationCodes_AreRecorded()
    {
        var invitation = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/users", fixture.AdminToken, new { email = "stella@example.com", userName = "stella" });
        fixture.Remember(invitation.GetProperty("code").GetString()!);
        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/api/v1/users/stella", fixture.AdminToken);
        using (var refused = await fixture.SendAsync(HttpMethod.Post, "/api/v1/invitations/accept", token: null, new { code = invitation.GetProperty("code").GetString() }))
        {
            Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Gone });
        }

        var stella = await AllAsync("target=stella");
        Assert.Equal(["user.invite ok", "user.delete ok"], stella.Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("outcome").GetString()}").Reverse());
        var refusedLogins = await AllAsync("action=user.login&outcome=denied&actor=anon");
        Assert.NotEmpty(refusedLogins);
        Assert.All(refusedLogins, e => Assert.Equal("invitation", e.GetProperty("target").GetString()));
    }

    [Fact]
    public async Task OnlyAdmins_ReadTheAuditLog_AndRefusalsAreRecorded()
    {
        var token = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "nosy");

        var asUser = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/audit", token);
        Assert.Equal(403, asUser.GetProperty("status").GetInt32());
        Assert.Contains("only admins read the audit log", asUser.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var asAnon = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/audit", token: null);
        Assert.Equal(403, asAnon.GetProperty("status").GetInt32());
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/audit", IdentitySiloFixture.NewToken());

        var refusals = await AllAsync("action=audit.read");
        Assert.Contains(refusals, e => e.GetProperty("actor").GetString() == "nosy" && e.GetProperty("outcome").GetString() == "denied");
        Assert.Contains(refusals, e => e.GetProperty("actor").GetString() == "anon" && e.GetProperty("outcome").GetString() == "denied");
    }

    [Fact]
    public async Task Filters_AndPaging_NewestFirst()
    {
        var token = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "paula");
        for (var i = 0; i < 5; i++)
        {
            var issued = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/tokens", token, new { name = $"t{i}" });
            fixture.Remember(issued.GetProperty("token").GetString()!);
        }

        var before = TimeProvider.System.GetUtcNow().AddMinutes(-10).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var pages = new List<JsonElement[]>();
        string? cursor = null;
        do
        {
            var page = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/audit?actor=paula&action=token.&limit=2&since={Uri.EscapeDataString(before)}" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)), fixture.AdminToken);
            pages.Add([.. page.GetProperty("entries").EnumerateArray()]);
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Length));
        var details = pages.SelectMany(p => p).Select(e => e.GetProperty("detail").GetString()!).ToArray();
        Assert.Equal(["token 't4'", "token 't3'", "token 't2'", "token 't1'", "token 't0'"], details);
        var sequences = pages.SelectMany(p => p).Select(e => e.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal(sequences.OrderDescending(), sequences);

        // A window in the future holds nothing; an until before since is refused.
        var future = TimeProvider.System.GetUtcNow().AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var empty = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/audit?since={Uri.EscapeDataString(future)}", fixture.AdminToken);
        Assert.Empty(empty.GetProperty("entries").EnumerateArray());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2026-13-45", "until")]
    [InlineData("since=2026-12-02T10:00:00Z&until=2026-12-01T10:00:00Z", "until")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("actor=a%01b", "actor")]
    public async Task BadQueryValues_AreRefused_NamingTheField(string query, string field)
    {
        var problem = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "/api/v1/audit?" + query, fixture.AdminToken);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task NoTokenOrInvitationCode_IsEverInTheAuditLog()
    {
        await fixture.InviteAndAcceptAsync(fixture.AdminToken, "secretive");
        var text = string.Join("\n", (await AllAsync(string.Empty)).Select(e => e.GetRawText()));

        Assert.NotEmpty(fixture.Secrets);
        foreach (var secret in fixture.Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[4..], text, StringComparison.Ordinal);
        }

        var file = Path.Combine(fixture.DataDirectory, "audit.db");
        Assert.True(File.Exists(file), "the embedded silo keeps its audit log in the data folder");
        var bytes = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(file)) + (File.Exists(file + "-wal") ? System.Text.Encoding.UTF8.GetString(ReadShared(file + "-wal")) : string.Empty);
        foreach (var secret in fixture.Secrets)
        {
            Assert.DoesNotContain(secret[4..], bytes, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SqliteAuditLog_SurvivesASiloRestart()
    {
        var data = Directory.CreateTempSubdirectory("jobhub-audit-restart-").FullName;
        var admin = IdentitySiloFixture.NewToken();
        try
        {
            await using (var silo = await SiloProcess.StartAsync(data, "--JobHub:Identity:BootstrapAdminToken", admin))
            {
                using var invite = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users") { Content = System.Net.Http.Json.JsonContent.Create(new { email = "remy@example.com", userName = "remy" }) };
                invite.Headers.Authorization = new("Bearer", admin);
                using var response = await silo.Http.SendAsync(invite);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }

            await using var again = await SiloProcess.StartAsync(data, "--JobHub:Identity:BootstrapAdminToken", admin);
            using var read = new HttpRequestMessage(HttpMethod.Get, "/api/v1/audit?target=remy");
            read.Headers.Authorization = new("Bearer", admin);
            using var answer = await again.Http.SendAsync(read);
            var page = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            var entry = Assert.Single(page.GetProperty("entries").EnumerateArray());
            Assert.Equal("user.invite", entry.GetProperty("action").GetString());
            Assert.Equal("admin", entry.GetProperty("actor").GetString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private async Task<JsonElement[]> AllAsync(string query)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/audit?limit=500&" + query + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)), fixture.AdminToken);
            all.AddRange(page.GetProperty("entries").EnumerateArray());
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return [.. all];
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
