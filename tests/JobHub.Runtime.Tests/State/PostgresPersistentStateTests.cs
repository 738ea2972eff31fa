using JobHub.Runtime.Sql.Options;
using JobHub.Runtime.Sql.Postgres;
using JobHub.Runtime.Storage;
using JobHub.Testing;

namespace JobHub.Runtime.Tests.State;

/// <summary>The contract on PostgreSQL, in a fresh schema per test (fails, never skips, when the server is down).</summary>
public sealed class PostgresPersistentStateTests : PersistentStateContractTests
{
    private readonly string _schema = "jobhub_state_" + Guid.NewGuid().ToString("N");
    private readonly List<PostgresDatabase> _opened = [];

    public override Task InitializeAsync() => PostgresTestServer.EnsureReachableAsync();

    protected override IGrainStorage OpenStorage()
    {
        var database = new PostgresDatabase(new PostgresStorageOptions { ConnectionString = PostgresTestServer.PooledConnectionString, Schema = _schema });
        _opened.Add(database);
        return new PostgresGrainStorage(database);
    }

    public override async Task DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        await PostgresTestServer.DropSchemaAsync(_schema);
    }
}
