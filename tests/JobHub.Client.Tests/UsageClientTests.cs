using System.Globalization;
using System.Net;
using System.Text.Json;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Billing;

namespace JobHub.Client.Tests;

/// <summary>
/// The SDK's <c>GetUsageAsync</c>, <c>DownloadStatementAsync</c> and <c>GetAdminUsageAsync</c> and <c>jobhub usage</c>
/// against a real silo process whose ledger file holds entries of two users (one in group site/ledger-team): own usage
/// only, exact decimal totals, the CSV statement, admin filters, 403 for a non-admin, and bad values refused before sending.
/// </summary>
public sealed class UsageClientTests(UsageClientFixture fixture) : IClassFixture<UsageClientFixture>
{
    private static readonly DateTimeOffset From = LedgerRows.November;
    private static readonly DateTimeOffset To = LedgerRows.November.AddMonths(1);

    private string Lena => fixture.LenaToken;

    [Fact]
    public async Task GetUsage_ReadsOnlyOwnUsage_WithExactTotals()
    {
        using var client = fixture.ClientFor(Lena);

        var byJob = await client.GetUsageAsync(From, To);
        var byDay = await client.GetUsageAsync(From, To, UsageGrouping.Day);

        Assert.Equal(UsageGrouping.Job, byJob.GroupBy);
        Assert.Equal([("job-lena-1", 0.3m), ("job-lena-2", 2.500001m)], byJob.Rows.Select(r => (r.Key, r.Amount)));
        Assert.Equal(2.800001m, byJob.Amount);
        Assert.Equal(1260, byJob.Seconds);
        Assert.Equal(["2026-11-01", "2026-11-02"], byDay.Rows.Select(r => r.Key));
        Assert.Equal((From, To), (byJob.From, byJob.To));
    }

    [Fact]
    public async Task DownloadStatement_WritesTheEntriesAsCsv_WithATotalRow()
    {
        using var client = fixture.ClientFor(Lena);
        using var csv = new MemoryStream();

        await client.DownloadStatementAsync(csv, From, To);

        var lines = System.Text.Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("date,job_id,sequence,kind,node_type,project,from,to,seconds,amount,recorded_at", lines[0], StringComparison.Ordinal);
        Assert.Equal(["job-lena-1", "job-lena-1", "job-lena-2"], lines[1..^1].Select(l => l.Split(',')[1]));
        Assert.Equal("total,,,,,,,,1260,2.800001,", lines[^1]);
    }

    [Fact]
    public async Task GetAdminUsage_FiltersByUserGroupAndNodeType_AndIsForAdminsOnly()
    {
        using var admin = fixture.ClientFor(fixture.AdminToken);

        var byUser = await admin.GetAdminUsageAsync(new UsageFilter { From = From, To = To, GroupBy = UsageGrouping.User });
        var team = await admin.GetAdminUsageAsync(new UsageFilter { From = From, To = To, Group = "site/ledger-team", GroupBy = UsageGrouping.NodeType });
        var local = await admin.GetAdminUsageAsync(new UsageFilter { From = From, To = To, NodeType = "local", User = "lars" });

        Assert.Equal([("lars", 4m), ("lena", 2.800001m)], byUser.Rows.Select(r => (r.Key, r.Amount)));
        Assert.Equal([("cpu-small", 0.3m), ("gpu-large", 2.500001m)], team.Rows.Select(r => (r.Key, r.Amount)));
        Assert.Equal(["job-lars-1"], local.Rows.Select(r => r.Key));

        using var lena = fixture.ClientFor(Lena);
        var refused = await Assert.ThrowsAsync<JobHubApiException>(() => lena.GetAdminUsageAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task BadValues_AreRefusedBeforeSending()
    {
        using var client = fixture.ClientFor(Lena);

        var reversed = await Assert.ThrowsAsync<JobHubValidationException>(() => client.GetUsageAsync(To, From, UsageGrouping.User));
        Assert.Equal(["groupBy", "to"], reversed.Errors.Keys.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<JobHubValidationException>(() => client.DownloadStatementAsync(Stream.Null, From, From.AddDays(400)));
        var filters = await Assert.ThrowsAsync<JobHubValidationException>(() => client.GetAdminUsageAsync(new UsageFilter { Group = "physics", User = "", NodeType = new string('x', 300) }));
        Assert.Equal(["group", "nodeType", "user"], filters.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Cli_Usage_PrintsATable_JsonAndTheStatement()
    {
        var table = await CliRun.RunAsync(fixture.Url, ["usage", "--from", "2026-11-01", "--to", "2026-12-01", "--group-by", "node-type"], token: Lena);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("NODE TYPE", table.Out, StringComparison.Ordinal);
        Assert.Contains("gpu-large", table.Out, StringComparison.Ordinal);
        Assert.Matches(@"total\s+1260\s+2\.800001", table.Out);

        var json = await CliRun.RunAsync(fixture.Url, ["usage", "--all", "--user", "lars", "--from", "2026-11-01", "--to", "2026-12-01", "--json"], token: fixture.AdminToken);
        Assert.True(json.ExitCode == 0, json.ToString());
        var report = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(4m, report.GetProperty("amount").GetDecimal());

        var file = Path.Combine(fixture.DataDirectory, "statement-cli.csv");
        var csv = await CliRun.RunAsync(fixture.Url, ["usage", "--from", "2026-11-01", "--to", "2026-12-01", "--csv", file], token: Lena);
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.EndsWith("total,,,,,,,,1260,2.800001,", (await File.ReadAllTextAsync(file)).TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_Usage_RefusesBadCommandLines_AndNonAdmins()
    {
        var badDate = await CliRun.RunAsync(fixture.Url, ["usage", "--from", "last month"], token: Lena);
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("--from", badDate.Error, StringComparison.Ordinal);

        var filterWithoutAll = await CliRun.RunAsync(fixture.Url, ["usage", "--user", "lars"], token: Lena);
        Assert.Equal(2, filterWithoutAll.ExitCode);
        Assert.Contains("--all", filterWithoutAll.Error, StringComparison.Ordinal);

        var notAdmin = await CliRun.RunAsync(fixture.Url, ["usage", "--all"], token: Lena);
        Assert.Equal(4, notAdmin.ExitCode);
        Assert.Contains("only admins read everyone's usage", notAdmin.Error, StringComparison.Ordinal);

        var anonymous = await CliRun.RunAsync(fixture.Url, ["usage"]);
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Equal(string.Empty, anonymous.Out);
    }
}
