using JobHub.Storage.Sqlite.Tests.Grains;
using JobHub.Storage.Sqlite.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace JobHub.Storage.Sqlite.Tests;

/// <summary>The providers inside a real silo: restarts on the same file, shutdown, batch failures, shared files.</summary>
public sealed class SiloStorageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task GrainStateAndProviderRows_SurviveSiloRestart()
    {
        var dataSource = _folder.Database();
        var key = Guid.NewGuid().ToString("N");
        var raw = GrainId.Create("raw", key);
        string etag;
        await using (var first = await TestSilo.StartAsync(dataSource))
        {
            var counter = first.Grains.GetGrain<ICounterGrain>(key);
            for (var i = 0; i < 3; i++)
            {
                await counter.IncrementAsync();
            }

            var state = new GrainState<TestState>(new TestState { Text = "kept" });
            await first.Storage().WriteStateAsync("raw", raw, state);
            etag = state.ETag!;
        }

        await using var second = await TestSilo.StartAsync(dataSource);
        Assert.Equal(3, await second.Grains.GetGrain<ICounterGrain>(key).GetAsync());
        Assert.Equal(4, await second.Grains.GetGrain<ICounterGrain>(key).IncrementAsync());

        var read = new GrainState<TestState>();
        await second.Storage().ReadStateAsync("raw", raw, read);
        Assert.Equal(("kept", etag, true), (read.State!.Text, read.ETag, read.RecordExists));
        await second.Storage().WriteStateAsync("raw", raw, read);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task WriteFromOnDeactivateAtSiloStop_IsCommittedBeforeTheStorageStops()
    {
        var dataSource = _folder.Database();
        var key = Guid.NewGuid().ToString("N");
        await using (var first = await TestSilo.StartAsync(dataSource))
        {
            await first.Grains.GetGrain<ILastWordGrain>(key).SetAsync("goodbye");
        }

        await using var second = await TestSilo.StartAsync(dataSource);
        Assert.Equal("goodbye", await second.Grains.GetGrain<ILastWordGrain>(key).GetAsync());
    }

    [Fact]
    public async Task Reminder_TicksAgainAfterSiloRestart()
    {
        var dataSource = _folder.Database();
        var key = Guid.NewGuid().ToString("N");
        await using (var first = await TestSilo.StartAsync(dataSource))
        {
            await first.Grains.GetGrain<ITickingGrain>(key).StartTickingAsync(TimeSpan.FromSeconds(1));
            await Eventually.WaitUntilAsync(() => ReminderTicks.Count(key) >= 1, "the reminder ticked on the first silo");
        }

        ReminderTicks.Reset(key);
        await using var second = await TestSilo.StartAsync(dataSource);
        await Eventually.WaitUntilAsync(() => ReminderTicks.Count(key) >= 1, "the reminder, read back from the file, ticked on the new silo");
    }

    [Fact]
    public async Task FailedStatementInBatch_FailsOnlyItsOwnWrite()
    {
        var dataSource = _folder.Database();
        await using var silo = await TestSilo.StartAsync(dataSource);
        var storage = silo.Storage();
        await storage.WriteStateAsync("warm-up", GrainId.Create("poison", "warm-up"), new GrainState<TestState>(new TestState()));
        await using var admin = new SqliteConnection($"Data Source={dataSource};Pooling=False");
        await admin.OpenAsync();
        await using (var trigger = admin.CreateCommand())
        {
            trigger.CommandText = """
                CREATE TRIGGER poison BEFORE INSERT ON grain_state WHEN NEW.grain_id LIKE '%poisoned%'
                BEGIN SELECT RAISE(ABORT, 'poisoned write'); END;
                """;
            await trigger.ExecuteNonQueryAsync();
        }

        // Hold the write lock while queueing, so the poisoned write shares a batch with healthy ones.
        Task[] writes;
        using (var hold = admin.BeginTransaction(deferred: false))
        {
            writes = Enumerable.Range(0, 201)
                .Select(i => storage.WriteStateAsync(
                    "batch",
                    GrainId.Create("poison", i == 100 ? "poisoned" : $"healthy-{i}"),
                    new GrainState<TestState>(new TestState { Number = i })))
                .ToArray();
            hold.Rollback();
        }

        var outcome = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }));

        var failure = Assert.IsType<SqliteException>(outcome[100]);
        Assert.Contains("poisoned write", failure.Message, StringComparison.Ordinal);
        Assert.All(outcome.Where((_, i) => i != 100), Assert.Null);
        Assert.Contains(silo.Logs.Entries, e => e.Message.Contains("retrying them one transaction each", StringComparison.Ordinal)
            && e.Values.TryGetValue("WriteCount", out var count) && count is int n && n > 1);

        var healthy = new GrainState<TestState>();
        await storage.ReadStateAsync("batch", GrainId.Create("poison", "healthy-101"), healthy);
        Assert.Equal((101, "1"), (healthy.State!.Number, healthy.ETag));
        var poisoned = new GrainState<TestState>();
        await storage.ReadStateAsync("batch", GrainId.Create("poison", "poisoned"), poisoned);
        Assert.False(poisoned.RecordExists);
    }

    [Fact]
    public async Task StoppingTheStorage_CommitsQueuedWritesThenRefusesNewOnes()
    {
        var dataSource = _folder.Database();
        await using var silo = await TestSilo.StartAsync(dataSource);
        var storage = Assert.IsType<SqliteGrainStorage>(silo.Storage());
        var writes = Enumerable.Range(0, 1000)
            .Select(i => storage.WriteStateAsync("drain", GrainId.Create("drain", $"k{i}"), new GrainState<TestState>(new TestState { Number = i })))
            .ToArray();

        await storage.DisposeAsync();

        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<ObjectDisposedException>(
            () => storage.WriteStateAsync("drain", GrainId.Create("drain", "late"), new GrainState<TestState>(new TestState())));
        await using var connection = new SqliteConnection($"Data Source={dataSource};Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM grain_state WHERE state_name = 'drain';";
        Assert.Equal(1000L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task TwoStorageNamesOnOneFile_ShareTheWriter()
    {
        var dataSource = _folder.Database();
        await using var silo = await TestSilo.StartAsync(dataSource, s => s.AddSqliteGrainStorage("jobs", o => o.DataSource = dataSource));
        var grain = GrainId.Create("shared", "one");
        await silo.Storage("jobs").WriteStateAsync("s", grain, new GrainState<TestState>(new TestState { Text = "jobs" }));

        var read = new GrainState<TestState>();
        await silo.Storage("Default").ReadStateAsync("s", grain, read);
        Assert.Equal("jobs", read.State!.Text);
    }

    [Fact]
    public async Task RelaxedStorageAndDefaultReminderOptionsOnOneFile_StartAndWork()
    {
        var dataSource = _folder.Database();
        var key = Guid.NewGuid().ToString("N");
        await using var silo = await TestSilo.StartAsync(dataSource, s => s.AddSqliteGrainStorageAsDefault(o => o.DurableCommits = false));

        Assert.Equal(1, await silo.Grains.GetGrain<ICounterGrain>(key).IncrementAsync());
        await silo.Grains.GetGrain<ITickingGrain>(key).StartTickingAsync(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(() => ReminderTicks.Count(key) >= 1, "the reminder ticked");
    }

    [Fact]
    public async Task TwoStorageNamesOnOneFileWithDifferentWriterSettings_StopTheSiloNamingTheSetting()
    {
        var dataSource = _folder.Database();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(
            dataSource,
            s => s.AddSqliteGrainStorage("jobs", o =>
            {
                o.DataSource = dataSource;
                o.WriteBatchSize = 8;
            })));

        var message = Messages(error);
        // Whichever storage starts first owns the writer; the message names both and the setting that differs.
        Assert.Matches(@"WriteBatchSize (8 \(the running writer uses 256\)|256 \(the running writer uses 8\))", message);
        Assert.Contains("'jobs'", message, StringComparison.Ordinal);
        Assert.Contains("'Default'", message, StringComparison.Ordinal);
    }

    private static string Messages(Exception error) =>
        string.Join(" | ", Flatten(error).Select(e => e.Message));

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        yield return error;
        var inner = error is AggregateException aggregate ? aggregate.InnerExceptions : error.InnerException is { } one ? [one] : [];
        foreach (var child in inner.SelectMany(Flatten))
        {
            yield return child;
        }
    }
}
