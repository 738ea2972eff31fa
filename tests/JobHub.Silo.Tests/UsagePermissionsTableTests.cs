using System.Net;
using static JobHub.Silo.Tests.SiloLedger;

namespace JobHub.Silo.Tests;

/// <summary>
/// The usage rows of the permissions table (docs/identity.md), through a real silo process: each row tried by no token
/// (<c>anon</c>), a regular user and an admin. One's own usage and statement need a token and show only one's own
/// entries (an admin's own report included); everyone's usage is for admins, and each refusal of it is audited.
/// </summary>
public sealed class UsagePermissionsTableTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    private const HttpStatusCode Anyone = 0;

    /// <summary>Row, its path, then the answers for: anon, a regular user, an admin (<see cref="Anyone"/>: any success).</summary>
    public static TheoryData<string, string, HttpStatusCode, HttpStatusCode, HttpStatusCode> Rows() => new()
    {
        { "read own usage", "/api/v1/usage?from=2026-11-01&to=2026-12-01", HttpStatusCode.Unauthorized, Anyone, Anyone },
        { "download own statement", "/api/v1/usage/statement.csv?from=2026-11-01&to=2026-12-01", HttpStatusCode.Unauthorized, Anyone, Anyone },
        { "read everyone's usage", "/api/v1/admin/usage?from=2026-11-01&to=2026-12-01", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, Anyone },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task UsageRow(string row, string path, HttpStatusCode anon, HttpStatusCode user, HttpStatusCode admin)
    {
        var token = await fixture.TokenOfAsync("petra");
        foreach (var (column, caller, expected) in new (string, string?, HttpStatusCode)[] { ("anon", null, anon), ("a user", token, user), ("an admin", fixture.AdminToken, admin) })
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, path, caller);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(
                expected == Anyone ? response.IsSuccessStatusCode : response.StatusCode == expected,
                $"{row} by {column}: expected {(expected == Anyone ? "success" : ((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture))}, got {(int)response.StatusCode}: {text}");
        }
    }

    [Fact]
    public async Task OwnUsage_IsOnlyTheCallersOwn_EvenForAnAdmin()
    {
        var token = await fixture.TokenOfAsync("pia");
        await AppendAsync(fixture.DataDirectory, Entry("pia", "job-pia-1", 1, 3m, endHours: 100), Entry("paul", "job-paul-1", 1, 4m, endHours: 100));

        var pia = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/usage?from=2026-11-01&to=2026-12-01", token);
        Assert.Equal(["job-pia-1"], pia.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()));
        var admin = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/usage?from=2026-11-01&to=2026-12-01", fixture.AdminToken);
        Assert.DoesNotContain(admin.GetProperty("rows").EnumerateArray(), r => r.GetProperty("key").GetString() is "job-pia-1" or "job-paul-1");
    }

    [Fact]
    public async Task RefusalsOfEveryonesUsage_AreAudited()
    {
        var token = await fixture.TokenOfAsync("peeky");

        var refused = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/admin/usage", token);

        Assert.Contains("only admins read everyone's usage", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var audit = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/audit?action=usage.read.all&actor=peeky", fixture.AdminToken);
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        Assert.Equal("denied", entry.GetProperty("outcome").GetString());
    }
}
