using JobHub.Runtime.Sql.Migrations;
using JobHub.Runtime.Sql.Options;
using JobHub.Runtime.Sql.Postgres;
using JobHub.Runtime.Sql.Tests.Support;
using JobHub.Testing;
using Npgsql;
using Xunit;

namespace JobHub.Runtime.Sql.Tests.Contract;

/// <summary>
/// The contract against PostgreSQL, each test in its own fresh schema (dropped afterwards). Fails, never skips,
/// when the server is unreachable: run scripts/postgres.sh.
/// </summary>
public sealed class PostgresStorageContractTests : StorageContractTests
{
    private readonly string _schema = "jobhub_test_" + Guid.NewGuid().ToString("N");

    public override async Task InitializeAsync()
    {
        await PostgresTestServer.EnsureReachableAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresTestServer.DropSchemaAsync(_schema);
    }

    protected override Task<StoreSet> CreateStoreAsync(string clusterId)
    {
        var database = new PostgresDatabase(
            new PostgresStorageOptions { ConnectionString = PostgresTestServer.PooledConnectionString, ClusterId = clusterId, Schema = _schema },
            Clock);
        return Task.FromResult(new StoreSet(
            new PostgresGrainStorage(database), new PostgresReminderTable(database), new PostgresMembershipTable(database), [database]));
    }

    [Fact]
    public async Task Postgres_Migrations_AreRecordedOnceEach()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await (await OpenAsync()).Membership.InitializeAsync())));

        await using var connection = new NpgsqlConnection(PostgresTestServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT string_agg(version::text, ',' ORDER BY version) FROM \"{_schema}\".schema_migrations;", connection);
        Assert.Equal("1,2,3", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Postgres_ComponentMigrations_ApplyOnceFromConcurrentSilos_InTheirOwnHistory()
    {
        var set = new PostgresMigrationSet("things_schema_migrations",
        [
            new(1, "things", "CREATE TABLE things (id integer PRIMARY KEY);"),
            new(2, "thing_names", "ALTER TABLE things ADD COLUMN name text NULL;"),
        ]);
        var databases = Enumerable.Range(0, 4)
            .Select(_ => new PostgresDatabase(new PostgresStorageOptions { ConnectionString = PostgresTestServer.PooledConnectionString, Schema = _schema }, Clock))
            .ToList();
        try
        {
            await Task.WhenAll(databases.Select(d => Task.Run(() => d.EnsureMigratedAsync(set))).Append(Task.Run(() => databases[0].EnsureMigratedAsync())));

            await using var connection = new NpgsqlConnection(PostgresTestServer.ConnectionString);
            await connection.OpenAsync();
            await using var history = new NpgsqlCommand($"SELECT string_agg(version::text, ',' ORDER BY version) FROM \"{_schema}\".things_schema_migrations;", connection);
            Assert.Equal("1,2", await history.ExecuteScalarAsync());
            await using var runtime = new NpgsqlCommand($"SELECT string_agg(version::text, ',' ORDER BY version) FROM \"{_schema}\".schema_migrations;", connection);
            Assert.Equal("1,2,3", await runtime.ExecuteScalarAsync());
            await using var insert = new NpgsqlCommand($"INSERT INTO \"{_schema}\".things (id, name) VALUES (1, 'one');", connection);
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            await Assert.ThrowsAsync<ArgumentException>(() => databases[0].EnsureMigratedAsync(set with { HistoryTable = "schema_migrations" }));
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }
    }
}
