using JobHub.Storage.Postgres.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.Options;

namespace JobHub.Storage.Postgres.Tests;

/// <summary>The migration runner: once per schema and set, safe when several processes start at once, harmless twice.</summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private readonly List<string> _schemas = [];

    public Task InitializeAsync() => PostgresTestServer.EnsureReachableAsync();

    public async Task DisposeAsync()
    {
        foreach (var schema in _schemas)
        {
            await TestDatabase.DropAsync(schema);
        }
    }

    [Fact]
    public async Task TwoDatabasesMigratingOneFreshSchemaAtOnce_BothSucceed_AndApplyEachStepOnce()
    {
        var schema = NewSchema();
        await using var first = new PostgresDatabase(TestDatabase.Options(schema));
        await using var second = new PostgresDatabase(TestDatabase.Options(schema));

        await Task.WhenAll(
            first.EnsureMigratedAsync(OrleansPostgresSchema.Migrations),
            second.EnsureMigratedAsync(OrleansPostgresSchema.Migrations),
            first.EnsureMigratedAsync(PostgresGrainStateSchema.Migrations),
            second.EnsureMigratedAsync(PostgresGrainStateSchema.Migrations));

        Assert.Equal(OrleansPostgresSchema.Migrations.Migrations.Count, await CountAsync(schema, OrleansPostgresSchema.HistoryTable));
        Assert.Equal(PostgresGrainStateSchema.Migrations.Migrations.Count, await CountAsync(schema, PostgresGrainStateSchema.HistoryTable));
        Assert.Equal(OrleansPostgresSchema.QueryKeys.Count, await CountAsync(schema, "orleansquery"));
    }

    [Fact]
    public async Task ManyDatabasesRacing_RunAStepThatIsNotIdempotent_ExactlyOnce()
    {
        var schema = NewSchema();
        // Without the lock and the history table, the second CREATE TABLE or INSERT would fail or double up.
        var set = new PostgresMigrationSet("race_history",
        [
            new(1, "table", "CREATE TABLE raced (n integer NOT NULL);"),
            new(2, "row", "INSERT INTO raced VALUES (1);"),
        ]);
        var databases = Enumerable.Range(0, 4).Select(_ => new PostgresDatabase(TestDatabase.Options(schema))).ToList();
        try
        {
            await Task.WhenAll(databases.Select(d => d.EnsureMigratedAsync(set)));
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }

        Assert.Equal(1, await CountAsync(schema, "raced"));
        Assert.Equal(2, await CountAsync(schema, "race_history"));
    }

    [Fact]
    public async Task RunningTheMigrationsTwice_IsHarmless_EvenWithTheHistoryLost()
    {
        var schema = NewSchema();
        await using (var database = new PostgresDatabase(TestDatabase.Options(schema)))
        {
            await database.EnsureMigratedAsync(OrleansPostgresSchema.Migrations);
            await database.EnsureMigratedAsync(PostgresGrainStateSchema.Migrations);
        }

        await using (var again = new PostgresDatabase(TestDatabase.Options(schema)))
        {
            await again.EnsureMigratedAsync(OrleansPostgresSchema.Migrations);
        }

        // Every statement is guarded: replaying all steps over existing tables and rows changes nothing.
        await TestDatabase.ExecuteAsync(schema, $"DELETE FROM {OrleansPostgresSchema.HistoryTable}; DELETE FROM {PostgresGrainStateSchema.HistoryTable};");
        await using (var replay = new PostgresDatabase(TestDatabase.Options(schema)))
        {
            await replay.EnsureMigratedAsync(OrleansPostgresSchema.Migrations);
            await replay.EnsureMigratedAsync(PostgresGrainStateSchema.Migrations);
        }

        Assert.Equal(OrleansPostgresSchema.Migrations.Migrations.Count, await CountAsync(schema, OrleansPostgresSchema.HistoryTable));
        Assert.Equal(OrleansPostgresSchema.QueryKeys.Count, await CountAsync(schema, "orleansquery"));
    }

    [Fact]
    public async Task ALaterStep_IsAppliedToASchemaMigratedBefore()
    {
        var schema = NewSchema();
        var v1 = new PostgresMigrationSet("feature_history", [new(1, "one", "CREATE TABLE feature_one (n integer);")]);
        var v2 = v1 with { Migrations = [.. v1.Migrations, new(2, "two", "CREATE TABLE feature_two (n integer);")] };
        await using (var old = new PostgresDatabase(TestDatabase.Options(schema)))
        {
            await old.EnsureMigratedAsync(v1);
        }

        await using var upgraded = new PostgresDatabase(TestDatabase.Options(schema));
        await upgraded.EnsureMigratedAsync(v2);

        Assert.Equal(0, await CountAsync(schema, "feature_two"));
        Assert.Equal(2, await CountAsync(schema, "feature_history"));
    }

    [Fact]
    public async Task EnsureMigrated_RejectsAHistoryTableThatIsNoPlainIdentifier()
    {
        await using var database = new PostgresDatabase(TestDatabase.Options(NewSchema()));

        await Assert.ThrowsAsync<ArgumentException>(() => database.EnsureMigratedAsync(new PostgresMigrationSet("Bad\"Name", [])));
        await Assert.ThrowsAsync<ArgumentException>(() => database.EnsureMigratedAsync(new PostgresMigrationSet("dupes", [new(1, "a", "SELECT 1;"), new(1, "b", "SELECT 1;")])));
    }

    [Fact]
    public void ADatabase_WithBadOptions_NamesEachBadValue()
    {
        var options = new JobHubPostgresOptions { ConnectionString = " ", Schema = "Not-A-Schema", CommandTimeout = TimeSpan.Zero };

        var error = Assert.Throws<OptionsValidationException>(() => new PostgresDatabase(options));

        Assert.Contains(error.Failures, f => f.Contains(nameof(JobHubPostgresOptions.ConnectionString), StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains(nameof(JobHubPostgresOptions.Schema), StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains(nameof(JobHubPostgresOptions.CommandTimeout), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheRegistry_SharesOneDatabasePerConnectionStringAndSchema()
    {
        var schema = NewSchema();
        await using var registry = new PostgresDatabaseRegistry();

        var first = registry.Get(TestDatabase.Options(schema));
        var same = registry.Get(TestDatabase.Options(schema));
        var other = registry.Get(TestDatabase.Options(NewSchema()));

        Assert.Same(first, same);
        Assert.NotSame(first, other);
    }

    private string NewSchema()
    {
        var schema = TestDatabase.NewSchemaName("m");
        _schemas.Add(schema);
        return schema;
    }

    private static async Task<long> CountAsync(string schema, string table) =>
        await TestDatabase.ScalarAsync<long>(schema, $"SELECT count(*) FROM {table};");
}
