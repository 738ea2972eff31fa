using JobHub.Testing;

namespace JobHub.Storage.Postgres.Tests.Infrastructure;

/// <summary>A fresh schema for one test class with Orleans' tables and queries migrated in; dropped afterwards.</summary>
public sealed class MigratedSchemaFixture : IAsyncLifetime
{
    public string Schema { get; } = TestDatabase.NewSchemaName("mig");

    public async Task InitializeAsync()
    {
        await PostgresTestServer.EnsureReachableAsync();
        await using var database = new PostgresDatabase(TestDatabase.Options(Schema));
        await database.EnsureMigratedAsync(OrleansPostgresSchema.Migrations);
    }

    public Task DisposeAsync() => TestDatabase.DropAsync(Schema);
}
