using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using JobHub.Grains.Billing.Ledger;
using JobHub.Storage.Postgres;
using JobHub.Testing;
using Npgsql;
using static JobHub.Silo.Tests.SiloLedger;

namespace JobHub.Silo.Tests;

/// <summary>
/// A silo process on PostgreSQL (a fresh schema): its migrations create the append-only <c>billing_ledger</c> table at
/// start, and the usage API and statement read what another process appends to it through the PostgreSQL store.
/// </summary>
public sealed class UsagePostgresSiloTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-usage-pg-").FullName;
    private readonly string _schema = "usage_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly string _admin = IdentitySiloFixture.NewToken();
    private SiloProcess _silo = null!;

    [Fact]
    public async Task TheSilo_CreatesTheLedgerAtStart_AndReportsWhatIsAppendedToIt()
    {
        // Created by the silo's start-up migrations, before any usage call.
        await using (var connection = new NpgsqlConnection(PostgresTestServer.ConnectionString))
        {
            await connection.OpenAsync();
            await using var triggers = new NpgsqlCommand(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relname = 'billing_ledger' ORDER BY tgname",
                connection);
            triggers.Parameters.AddWithValue("schema", _schema);
            var names = new List<string>();
            await using (var reader = await triggers.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    names.Add(reader.GetString(0));
                }
            }

            Assert.Equal(["billing_ledger_append_only", "billing_ledger_no_truncate"], names);
        }

        await using (var database = new PostgresDatabase(new JobHubPostgresOptions { ConnectionString = PostgresTestServer.ConnectionString, Schema = _schema }))
        {
            var ledger = new PostgresBillingLedger(database);
            Assert.True(await ledger.AppendAsync(Entry("admin", "job-pg-1", 1, 0.000001m, endHours: 10)));
            Assert.True(await ledger.AppendAsync(Entry("admin", "job-pg-1", 2, 1.999999m, endHours: 11, kind: LedgerEntryKind.Minimum)));
            Assert.True(await ledger.AppendAsync(Entry("someone", "job-pg-2", 1, 5m, endHours: 11)));
        }

        var report = await GetAsync("/api/v1/usage?from=2026-11-01&to=2026-12-01&groupBy=day");
        Assert.Equal(2m, report.GetProperty("amount").GetDecimal());
        var day = Assert.Single(report.GetProperty("rows").EnumerateArray());
        Assert.Equal(("2026-11-01", 1, 1200L), (day.GetProperty("key").GetString(), day.GetProperty("jobs").GetInt32(), day.GetProperty("seconds").GetInt64()));

        var everyone = await GetAsync("/api/v1/admin/usage?from=2026-11-01&to=2026-12-01&groupBy=user");
        Assert.Equal(["admin 2", "someone 5"], everyone.GetProperty("rows").EnumerateArray().Select(r => $"{r.GetProperty("key").GetString()} {r.GetProperty("amount").GetDecimal().ToString(CultureInfo.InvariantCulture)}"));

        using var statement = new HttpRequestMessage(HttpMethod.Get, "/api/v1/usage/statement.csv?from=2026-11-01&to=2026-12-01");
        statement.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _admin);
        using var response = await _silo.Http.SendAsync(statement);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("total,,,,,,,,1200,2.000000,", lines[^1]);
    }

    public async Task InitializeAsync()
    {
        await PostgresTestServer.EnsureReachableAsync();
        _silo = await SiloProcess.StartAsync(
            _data,
            "--JobHub:Identity:BootstrapAdminToken", _admin,
            "--JobHub:Silo:Storage", "postgres",
            "--JobHub:Silo:PostgresConnectionString", PostgresTestServer.ConnectionString,
            "--JobHub:Silo:PostgresSchema", _schema);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await PostgresTestServer.DropSchemaAsync(_schema);
        Directory.Delete(_data, recursive: true);
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _admin);
        using var response = await _silo.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
