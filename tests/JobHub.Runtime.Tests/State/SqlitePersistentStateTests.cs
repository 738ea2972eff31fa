using JobHub.Runtime.Sql.Options;
using JobHub.Runtime.Sql.Sqlite;
using JobHub.Runtime.Storage;

namespace JobHub.Runtime.Tests.State;

/// <summary>The contract on a real SQLite file; each silo start opens the file anew.</summary>
public sealed class SqlitePersistentStateTests : PersistentStateContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-state-").FullName;
    private readonly List<SqliteGrainStorage> _opened = [];

    protected override IGrainStorage OpenStorage()
    {
        var storage = new SqliteGrainStorage(new SqliteDatabase(new SqliteStorageOptions { DataSource = Path.Combine(_folder, "state.db") }));
        _opened.Add(storage);
        return storage;
    }

    public override async Task DisposeAsync()
    {
        foreach (var storage in _opened)
        {
            await storage.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
