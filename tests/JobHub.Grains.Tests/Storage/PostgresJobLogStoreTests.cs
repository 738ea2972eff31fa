using JobHub.Grains.Logs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Tests.Storage;

/// <summary>The contract on PostgreSQL, in a schema of its own (dropped afterwards); each "silo" has its own pool.</summary>
public sealed class PostgresJobLogStoreTests : SharedJobLogStoreContractTests
{
    private readonly PostgresTestSchema _schema = new("logs");
    private readonly List<PostgresJobLogStore> _stores = [];

    public override Task InitializeAsync() => _schema.InitializeAsync();

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _schema.DisposeAsync();
    }

    [Fact]
    public async Task NulCharacters_AreStoredAsReplacementCharacters_InsteadOfFailingTheBatch()
    {
        await Store.AppendAsync("job-n", [Line("job-n", 0, "a\0b"), Line("job-n", 0, "fine")]);

        Assert.Equal(["a\uFFFDb", "fine"], (await Store.ReadAsync("job-n", 0, 10)).Select(e => e.Text));
    }

    [Fact]
    public async Task Follow_IsWokenByAnotherSilosAppend_WithoutWaitingForItsPoll()
    {
        var follower = NewStore(pollInterval: TimeSpan.FromMinutes(10));
        var writer = CreateStoreOfAnotherSilo();
        await writer.AppendAsync("job-w", [Line("job-w", 0, "first")]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var follow = follower.FollowAsync("job-w", 0, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await follow.MoveNextAsync());
        var next = follow.MoveNextAsync().AsTask(); // read everything there is: now it waits for a wake-up

        await writer.AppendAsync("job-w", [Line("job-w", 0, "second")]);

        Assert.True(await next);
        Assert.Equal("second", follow.Current.Text);
    }

    protected override IJobLogStore CreateStore() => CreateStoreOfAnotherSilo();

    protected override IJobLogStore CreateStoreOfAnotherSilo() => NewStore(TimeSpan.FromMilliseconds(200));

    private PostgresJobLogStore NewStore(TimeSpan pollInterval)
    {
        var store = new PostgresJobLogStore(
            _schema.NewDatabase(),
            Options.Create(new PostgresJobLogStoreOptions { FollowPollInterval = pollInterval }),
            TimeProvider.System,
            NullLogger<PostgresJobLogStore>.Instance);
        _stores.Add(store);
        return store;
    }
}
