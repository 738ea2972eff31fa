using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Audit;
using JobHub.Testing;

namespace JobHub.Client.Tests;

/// <summary>
/// The SDK's <c>ListAuditAsync</c> / <c>ListAllAuditAsync</c> and <c>jobhub audit</c> against a real silo process started
/// with a bootstrap admin token: filters and paging, 403 for anyone else, and bad values refused before sending.
/// </summary>
public sealed class AuditClientTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-audit-client-").FullName;
    private readonly string _admin = "jhp_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    private SiloProcess _silo = null!;

    private Uri Url => new($"http://127.0.0.1:{_silo.Port}");

    [Fact]
    public async Task ListAudit_FiltersAndPages_NewestFirst()
    {
        using var client = new JobHubClient(Url, _admin);

        var page = await client.ListAuditAsync(new AuditFilter { Action = "user.invite", Actor = "admin" }, limit: 2);
        Assert.Equal(2, page.Entries.Length);
        Assert.NotNull(page.NextCursor);
        Assert.Equal(["carl", "bert"], page.Entries.Select(e => e.Target));
        var next = await client.ListAuditAsync(new AuditFilter { Action = "user.invite", Actor = "admin" }, limit: 2, cursor: page.NextCursor);
        Assert.Equal(["anne"], next.Entries.Select(e => e.Target));
        Assert.Null(next.NextCursor);

        var all = new List<AuditEntry>();
        await foreach (var entry in client.ListAllAuditAsync(new AuditFilter { Action = "user.", Outcome = AuditOutcomes.Ok, Since = TimeProvider.System.GetUtcNow().AddHours(-1) }, pageSize: 1))
        {
            all.Add(entry);
        }

        Assert.Equal(["carl", "bert", "anne"], all.Select(e => e.Target));
        Assert.All(all, e => Assert.Equal("admin", e.Actor));
    }

    [Fact]
    public async Task ListAudit_WithoutAdminRights_Is403()
    {
        using var anonymous = new JobHubClient(Url);

        var refused = await Assert.ThrowsAsync<JobHubApiException>(() => anonymous.ListAuditAsync());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task BadValues_AreRefusedBeforeSending()
    {
        using var client = new JobHubClient(Url, _admin);

        var refused = Assert.Throws<JobHubValidationException>(() => client.ListAllAuditAsync(new AuditFilter { Outcome = "maybe", Actor = "" }, pageSize: 0));

        Assert.Equal(["actor", "limit", "outcome"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<JobHubValidationException>(() => client.ListAuditAsync(cursor: "nope"));
    }

    [Fact]
    public async Task Cli_Audit_PrintsTheEntries_AndRefusesBadTimes()
    {
        var json = await CliRun.RunAsync(Url, ["audit", "--token", _admin, "--action", "user.invite", "--since", "1h", "--json"]);
        Assert.True(json.ExitCode == 0, json.ToString());
        var entries = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("target").GetString()!).ToArray();
        Assert.Equal(["carl", "bert", "anne"], entries);

        var table = await CliRun.RunAsync(Url, ["audit", "--token", _admin, "--target", "bert", "--limit", "1"]);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("user.invite", table.Out, StringComparison.Ordinal);
        Assert.Contains("OUTCOME", table.Out, StringComparison.Ordinal);

        var bad = await CliRun.RunAsync(Url, ["audit", "--token", _admin, "--since", "last tuesday"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--since", bad.Error, StringComparison.Ordinal);

        var anonymous = await CliRun.RunAsync(Url, ["audit"]);
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("only admins read the audit log", anonymous.Error, StringComparison.Ordinal);
    }

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync(_data, "--JobHub:Identity:BootstrapAdminToken", _admin);
        foreach (var name in new[] { "anne", "bert", "carl" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users") { Content = JsonContent.Create(new { email = $"{name}@example.com", userName = name }) };
            request.Headers.Authorization = new("Bearer", _admin);
            using var response = await _silo.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
