using JobHub.Testing;

namespace JobHub.Storage.Postgres.Tests.Infrastructure;

/// <summary>A fresh, empty schema name for one test class; the schema is dropped afterwards.</summary>
public sealed class SchemaFixture : IAsyncLifetime
{
    public string Schema { get; } = TestDatabase.NewSchemaName("s");

    public Task InitializeAsync() => PostgresTestServer.EnsureReachableAsync();

    public Task DisposeAsync() => TestDatabase.DropAsync(Schema);
}
