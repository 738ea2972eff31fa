using JobHub.Runtime.Sql.Options;
using JobHub.Runtime.Sql.Sqlite;
using JobHub.Runtime.Sql.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace JobHub.Runtime.Sql.Tests.Contract;

/// <summary>The contract against SQLite on a real temporary file; every store opened in a test shares that file.</summary>
public sealed class SqliteStorageContractTests : StorageContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "jobhub-sql-tests", Guid.NewGuid().ToString("N"));

    private string DataSource => Path.Combine(_folder, "nested", "jobhub.db");

    protected override Task<StoreSet> CreateStoreAsync(string clusterId)
    {
        var database = new SqliteDatabase(new SqliteStorageOptions { DataSource = DataSource, ClusterId = clusterId, WriteBatchSize = 64 }, Clock);
        var storage = new SqliteGrainStorage(database);
        return Task.FromResult(new StoreSet(storage, new SqliteReminderTable(database), new SqliteMembershipTable(database), [storage]));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Sqlite_Migrations_AreRecordedOnceEachAndFileUsesWal()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await (await OpenAsync()).Membership.InitializeAsync())));

        await using var connection = new SqliteConnection($"Data Source={DataSource}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version);";
        Assert.Equal("1,2,3", await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Sqlite_GroupCommit_ReportsConflictsPerWriteWithoutFailingTheBatch()
    {
        var etag = await Store.Storage.WriteAsync("state", Grain("hot"), "{}", null);

        var writes = Enumerable.Range(0, 200)
            .Select(i => i % 2 == 0
                ? Store.Storage.WriteAsync("state", Grain($"cold{i}"), "{}", null)
                : Store.Storage.WriteAsync("state", Grain("hot"), "{}", etag))
            .Select(async t =>
            {
                try
                {
                    await t;
                    return true;
                }
                catch (Storage.InconsistentStateException)
                {
                    return false;
                }
            });
        var results = await Task.WhenAll(writes);

        Assert.Equal(101, results.Count(ok => ok));
    }
}
