using JobHub.Grains.Logs;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Tests.Storage;

/// <summary>The contract on PostgreSQL, in a schema of its own (dropped afterwards); each "silo" has its own pool.</summary>
public sealed class PostgresJobLogStoreTests : SharedJobLogStoreContractTests
{
    private readonly PostgresTestSchema _schema = new("logs");

    public override Task InitializeAsync() => _schema.InitializeAsync();

    public override Task DisposeAsync() => _schema.DisposeAsync().AsTask();

    [Fact]
    public async Task NulCharacters_AreStoredAsReplacementCharacters_InsteadOfFailingTheBatch()
    {
        await Store.AppendAsync("job-n", [Line("job-n", 0, "a\0b"), Line("job-n", 0, "fine")]);

        Assert.Equal(["a\uFFFDb", "fine"], (await Store.ReadAsync("job-n", 0, 10)).Select(e => e.Text));
    }

    protected override IJobLogStore CreateStore() => CreateStoreOfAnotherSilo();

    protected override IJobLogStore CreateStoreOfAnotherSilo() => new PostgresJobLogStore(
        _schema.NewDatabase(),
        Options.Create(new PostgresJobLogStoreOptions { FollowPollInterval = TimeSpan.FromMilliseconds(200) }),
        TimeProvider.System);
}
