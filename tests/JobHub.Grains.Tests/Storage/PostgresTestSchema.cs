using JobHub.Storage.Postgres;
using JobHub.Testing;

namespace JobHub.Grains.Tests.Storage;

/// <summary>A fresh PostgreSQL schema for one test, and databases (connection pools) on it; all dropped at the end.</summary>
internal sealed class PostgresTestSchema(string purpose) : IAsyncDisposable
{
    private readonly List<PostgresDatabase> _databases = [];

    public string Name { get; } = $"jobhub_{purpose}_{Guid.NewGuid():N}";

    public Task InitializeAsync() => PostgresTestServer.EnsureReachableAsync();

    /// <summary>A database on this schema with its own pool, as one silo has.</summary>
    public PostgresDatabase NewDatabase()
    {
        var database = new PostgresDatabase(new JobHubPostgresOptions { ConnectionString = PostgresTestServer.PooledConnectionString, Schema = Name });
        _databases.Add(database);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        await PostgresTestServer.DropSchemaAsync(Name);
    }
}
