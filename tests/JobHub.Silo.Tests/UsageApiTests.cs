using System.Globalization;
using System.Net;
using System.Text.Json;
using JobHub.Grains.Billing.Ledger;
using JobHub.Testing;
using static JobHub.Silo.Tests.SiloLedger;

namespace JobHub.Silo.Tests;

/// <summary>
/// The usage reports and statements through a real silo process over HTTP, on entries in its real SQLite ledger file:
/// a user sees only their own usage, grouped with exact totals; the statement's CSV has the documented columns and a total
/// row equal to the report; admins see everyone's, filtered by user, group and node type; bad values are refused naming
/// the parameter and the rule.
/// </summary>
public sealed class UsageApiTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    private const string NovemberQuery = "from=2026-11-01&to=2026-12-01";

    [Fact]
    public async Task Usage_ShowsOnlyTheCallersEntries_GroupedWithExactTotals()
    {
        var token = await fixture.TokenOfAsync("ulla");
        await AppendAsync(
            fixture.DataDirectory,
            Entry("ulla", "job-ulla-1", 1, 0.1m, endHours: 1),
            Entry("ulla", "job-ulla-1", 2, 0.2m, endHours: 2),
            Entry("ulla", "job-ulla-2", 1, 1.000001m, endHours: 30, nodeType: "gpu-large", seconds: 60),
            Entry("ulla", "job-ulla-2", 2, 0.5m, endHours: 30, nodeType: "gpu-large", seconds: 540, kind: LedgerEntryKind.Minimum),
            Entry("ulla", "job-ulla-3", 1, 9m, endHours: 24 * 31), // December: outside the period
            Entry("uwe", "job-uwe-1", 1, 7m, endHours: 1));

        var byJob = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/usage?{NovemberQuery}", token);
        Assert.Equal("1.800001", Amount(byJob));
        Assert.Equal(1800, byJob.GetProperty("seconds").GetInt64());
        Assert.Equal(["job-ulla-1 1 1200 0.3", "job-ulla-2 1 600 1.500001"], Rows(byJob));

        var byDay = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/usage?{NovemberQuery}&groupBy=day", token);
        Assert.Equal(["2026-11-01 1 1200 0.3", "2026-11-02 1 600 1.500001"], Rows(byDay));

        var byNodeType = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/usage?{NovemberQuery}&groupBy=nodeType", token);
        Assert.Equal(["cpu-small 1 1200 0.3", "gpu-large 1 600 1.500001"], Rows(byNodeType));

        // From inclusive, to exclusive: the hour from 01:00 holds the entry ending at 01:00 and not the one ending at 02:00.
        var hour = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/usage?from=2026-11-01T01:00:00Z&to=2026-11-01T02:00:00Z", token);
        Assert.Equal("0.1", Amount(hour));
    }

    [Fact]
    public async Task Usage_WithoutAPeriod_IsThisUtcMonth()
    {
        var token = await fixture.TokenOfAsync("umberto");
        var before = TimeProvider.System.GetUtcNow();
        var report = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/usage", token);
        var after = TimeProvider.System.GetUtcNow();

        var from = DateTimeOffset.Parse(report.GetProperty("from").GetString()!, CultureInfo.InvariantCulture);
        var to = DateTimeOffset.Parse(report.GetProperty("to").GetString()!, CultureInfo.InvariantCulture);
        Assert.Contains(from, new[] { MonthOf(before), MonthOf(after) });
        Assert.Equal(from.AddMonths(1), to);
        Assert.Equal(0, report.GetProperty("rows").GetArrayLength());
        Assert.Equal("0", Amount(report));
    }

    [Fact]
    public async Task Statement_IsCsv_WithTheDocumentedColumns_AndATotalRowEqualToTheReport()
    {
        var token = await fixture.TokenOfAsync("stan");
        await AppendAsync(
            fixture.DataDirectory,
            Entry("stan", "job-stan-2", 1, 0.333333m, endHours: 5),
            Entry("stan", "job-stan-1", 1, 0.333333m, endHours: 3, seconds: 200),
            Entry("stan", "job-stan-1", 2, 0.333334m, endHours: 4, seconds: 400, kind: LedgerEntryKind.Minimum),
            Entry("sven", "job-sven-1", 1, 5m, endHours: 4));

        using var response = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/usage/statement.csv?{NovemberQuery}", token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);

        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("date,job_id,sequence,kind,node_type,project,from,to,seconds,amount,recorded_at", lines[0]);
        Assert.Equal(
            [
                "2026-11-01,job-stan-1,1,usage,cpu-small,,2026-11-01T02:56:40.000Z,2026-11-01T03:00:00.000Z,200,0.333333,2026-11-01T03:00:00.000Z",
                "2026-11-01,job-stan-1,2,minimum,cpu-small,,2026-11-01T03:53:20.000Z,2026-11-01T04:00:00.000Z,400,0.333334,2026-11-01T04:00:00.000Z",
                "2026-11-01,job-stan-2,1,usage,cpu-small,,2026-11-01T04:50:00.000Z,2026-11-01T05:00:00.000Z,600,0.333333,2026-11-01T05:00:00.000Z",
            ],
            lines[1..^1]);
        Assert.Equal("total,,,,,,,,1200,1.000000,", lines[^1]);

        // The rows add up to the total row, and the total row to the report.
        var rows = lines[1..^1].Select(l => l.Split(',')).ToArray();
        Assert.Equal(1.000000m, rows.Sum(r => decimal.Parse(r[9], CultureInfo.InvariantCulture)));
        var report = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/usage?{NovemberQuery}", token);
        Assert.Equal(1m, report.GetProperty("amount").GetDecimal());
        Assert.Equal(1200, report.GetProperty("seconds").GetInt64());

        using var empty = await fixture.SendAsync(HttpMethod.Get, "/api/v1/usage/statement.csv?from=2025-01-01&to=2025-02-01", token);
        Assert.Equal(["date,job_id,sequence,kind,node_type,project,from,to,seconds,amount,recorded_at", "total,,,,,,,,0,0.000000,"], (await empty.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("/api/v1/usage?from=yesterday", "from")]
    [InlineData("/api/v1/usage?to=2026-13-45", "to")]
    [InlineData("/api/v1/usage?from=2026-12-01&to=2026-11-01", "to")]
    [InlineData("/api/v1/usage?from=2026-12-01&to=2026-12-01", "to")]
    [InlineData("/api/v1/usage?from=2025-01-01&to=2026-06-01", "to")]
    [InlineData("/api/v1/usage?from=9999-12-31", "from")]
    [InlineData("/api/v1/usage?to=0001-01-01", "to")]
    [InlineData("/api/v1/usage?groupBy=week", "groupBy")]
    [InlineData("/api/v1/usage?groupBy=user", "groupBy")]
    [InlineData("/api/v1/usage/statement.csv?from=2026-12-01&to=2026-11-01", "to")]
    [InlineData("/api/v1/usage/statement.csv?from=2020-01-01&to=2026-01-01", "to")]
    [InlineData("/api/v1/admin/usage?groupBy=month", "groupBy")]
    [InlineData("/api/v1/admin/usage?user=Not%20A%20User", "user")]
    [InlineData("/api/v1/admin/usage?group=physics", "group")]
    [InlineData("/api/v1/admin/usage?group=jobhub/nobody", "group")]
    [InlineData("/api/v1/admin/usage?nodeType=a%1Bb", "nodeType")]
    [InlineData("/api/v1/admin/usage?nodeType=gpu-none-such", "nodeType")]
    public async Task BadValues_AreRefused_NamingTheParameter(string path, string field)
    {
        var token = path.Contains("/admin/", StringComparison.Ordinal) ? fixture.AdminToken : await fixture.TokenOfAsync("bertha");

        var problem = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, path, token);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var errors), problem.ToString());
        Assert.NotEmpty(errors.EnumerateArray().Single().GetString()!);
    }

    [Fact]
    public async Task AdminUsage_ShowsEveryone_FilteredByUserGroupAndNodeType()
    {
        await fixture.TokenOfAsync("ada");
        await fixture.TokenOfAsync("abe");
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/groups/site/usage-team/members/ada", fixture.AdminToken);
        await AppendAsync(
            fixture.DataDirectory,
            Entry("ada", "job-ada-1", 1, 1.5m, endHours: 24 * 20, nodeType: "cpu-small"),
            Entry("ada", "job-ada-2", 1, 2.25m, endHours: 24 * 20 + 1, nodeType: "local"),
            Entry("abe", "job-abe-1", 1, 4m, endHours: 24 * 20 + 2, nodeType: "local"));
        const string Period = "from=2026-11-21&to=2026-11-22";

        var byUser = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/admin/usage?{Period}&groupBy=user", fixture.AdminToken);
        Assert.Equal(["abe 1 600 4", "ada 2 1200 3.75"], Rows(byUser));
        Assert.Equal("7.75", Amount(byUser));

        var ada = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/admin/usage?{Period}&user=ada", fixture.AdminToken);
        Assert.Equal(["job-ada-1 1 600 1.5", "job-ada-2 1 600 2.25"], Rows(ada));

        var team = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/admin/usage?{Period}&group=site/usage-team&groupBy=nodeType", fixture.AdminToken);
        Assert.Equal(["cpu-small 1 600 1.5", "local 1 600 2.25"], Rows(team));

        // The node type filter takes the silo's node types ('local' here); others are still seen grouped by node type.
        var local = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/admin/usage?{Period}&nodeType=local&groupBy=user", fixture.AdminToken);
        Assert.Equal(["abe 1 600 4", "ada 1 600 2.25"], Rows(local));

        var abeInTeam = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/admin/usage?{Period}&group=site/usage-team&user=abe", fixture.AdminToken);
        Assert.Empty(Rows(abeInTeam));
    }

    [Fact]
    public async Task TheSqliteLedger_SurvivesASiloRestart()
    {
        var data = Directory.CreateTempSubdirectory("jobhub-usage-restart-").FullName;
        var admin = IdentitySiloFixture.NewToken();
        try
        {
            await using (var silo = await SiloProcess.StartAsync(data, SiloProcess.AdminTokenSetting, admin))
            {
                await AppendAsync(data, Entry("admin", "job-restart-1", 1, 0.123456m, endHours: 7), Entry("admin", "job-restart-1", 2, 0.876544m, endHours: 8));
                Assert.Equal(1m, await AmountAsync(silo));
            }

            await using var again = await SiloProcess.StartAsync(data, SiloProcess.AdminTokenSetting, admin);
            Assert.Equal(1m, await AmountAsync(again));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }

        async Task<decimal> AmountAsync(SiloProcess silo)
        {
            using var response = await silo.SendAsync(HttpMethod.Get, $"/api/v1/usage?{NovemberQuery}", admin);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            return JsonDocument.Parse(text).RootElement.GetProperty("amount").GetDecimal();
        }
    }

    private static string Amount(JsonElement report) => report.GetProperty("amount").GetDecimal().ToString(CultureInfo.InvariantCulture);

    private static string[] Rows(JsonElement report) =>
        [.. report.GetProperty("rows").EnumerateArray().Select(r =>
            $"{r.GetProperty("key").GetString()} {r.GetProperty("jobs").GetInt32()} {r.GetProperty("seconds").GetInt64()} {r.GetProperty("amount").GetDecimal().ToString(CultureInfo.InvariantCulture)}")];

    private static DateTimeOffset MonthOf(DateTimeOffset time) => new(time.Year, time.Month, 1, 0, 0, 0, TimeSpan.Zero);
}
