using JobHub.Grains.Logs;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Tests.Storage;

/// <summary>The contract on one SQLite file, which silo processes on one host may share.</summary>
public sealed class SqliteJobLogStoreTests : SharedJobLogStoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-logstore-").FullName;

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    protected override IJobLogStore CreateStore() => CreateStoreOfAnotherSilo();

    protected override IJobLogStore CreateStoreOfAnotherSilo() => new SqliteJobLogStore(
        Options.Create(new SqliteJobLogStoreOptions { DataSource = Path.Combine(_folder, "logs.db"), FollowPollInterval = TimeSpan.FromMilliseconds(200) }),
        TimeProvider.System);
}
