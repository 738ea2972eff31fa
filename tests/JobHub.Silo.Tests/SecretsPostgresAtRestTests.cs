using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JobHub.Testing;
using Npgsql;

namespace JobHub.Silo.Tests;

/// <summary>
/// A silo process on PostgreSQL (a fresh schema): a secret's value is in no row of any table of the schema (bytea read
/// as hex), while the secret's name is, and it reads back whole through the API.
/// </summary>
public sealed class SecretsPostgresAtRestTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-secrets-pg-").FullName;
    private readonly string _schema = "secrets_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly string _admin = IdentitySiloFixture.NewToken();
    private SiloProcess _silo = null!;

    [Fact]
    public async Task SecretValue_IsInNoRowOfTheSchema_OnPostgres()
    {
        var value = "pg-plain-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        using (var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/secrets/user:admin/pg-secret") { Content = JsonContent.Create(new { value }) })
        {
            put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _admin);
            using var response = await _silo.Http.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/secrets/user:admin/pg-secret"))
        {
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _admin);
            using var response = await _silo.Http.SendAsync(get);
            Assert.Equal(value, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("value").GetString());
        }

        // Every row of every table of the schema as PostgreSQL's text form (bytea as hex): what its files hold.
        var rows = new List<string>();
        await using (var connection = new NpgsqlConnection(PostgresTestServer.ConnectionString))
        {
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @schema", connection))
            {
                list.Parameters.AddWithValue("schema", _schema);
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            Assert.Contains("grain_state", tables);
            foreach (var table in tables)
            {
                await using var command = new NpgsqlCommand($"SELECT t::text FROM \"{_schema}\".\"{table}\" t", connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    rows.Add(reader.GetString(0));
                }
            }
        }

        var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value));
        Assert.DoesNotContain(rows, r => r.Contains(value, StringComparison.Ordinal) || r.Contains(hex, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(Convert.ToHexStringLower("pg-secret"u8), StringComparison.Ordinal));
        Assert.DoesNotContain(value, _silo.Process.Output, StringComparison.Ordinal);
    }

    public async Task InitializeAsync()
    {
        await PostgresTestServer.EnsureReachableAsync();
        _silo = await SiloProcess.StartAsync(
            _data,
            "--JobHub:Identity:BootstrapAdminToken", _admin,
            "--JobHub:Silo:Storage", "postgres",
            "--JobHub:Silo:PostgresConnectionString", PostgresTestServer.ConnectionString,
            "--JobHub:Silo:PostgresSchema", _schema,
            "--JobHub:Secrets:Keys:k1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await PostgresTestServer.DropSchemaAsync(_schema);
        Directory.Delete(_data, recursive: true);
    }
}
