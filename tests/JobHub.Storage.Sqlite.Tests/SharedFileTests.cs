using JobHub.Storage.Sqlite.Tests.Grains;
using JobHub.Storage.Sqlite.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace JobHub.Storage.Sqlite.Tests;

/// <summary>
/// Another store's rows (the job list, the billing ledger in the silo) written through the grain-state file's
/// group-commit writer (<see cref="SqliteFiles"/>, <see cref="SqliteSharedFile"/>), in a real silo on a real file.
/// </summary>
public sealed class SharedFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AStoreThatStartsTheWriterBeforeTheGrainStorage_TakesTheGrainStoragesSettings()
    {
        var dataSource = _folder.Database();
        var logs = new CapturingLoggerProvider();
        using var host = TestSilo.Build(dataSource, logs, s =>
        {
            s.AddSqliteGrainStorageAsDefault(o => o.WriteBatchSize = 8);
            s.Services.AddSqliteFiles();
        });
        var notes = host.Services.GetRequiredService<SqliteFiles>().Join(dataSource, "the test notes");
        await NoteRows.CreateTableAsync(notes);
        Assert.Equal(1L, await notes.WriteAsync(NoteRows.Instance, "before the silo"));

        // Had the store started the writer with the default settings, the grain storage (batches of 8) would refuse to start.
        await host.StartAsync();
        var grain = GrainId.Create("shared", "one");
        var state = new GrainState<TestState>(new TestState { Text = "state" });
        await host.Services.GetRequiredKeyedService<IGrainStorage>("Default").WriteStateAsync("s", grain, state);
        Assert.Equal(2L, await notes.WriteAsync(NoteRows.Instance, "after"));

        await notes.DisposeAsync();
        await host.StopAsync();
        Assert.Equal(["before the silo", "after"], await NoteRows.ReadAsync(dataSource));
    }

    [Fact]
    public async Task ABadRowOfAnotherStore_FailsOnlyItsOwnCaller_NotTheGrainStateInItsBatch()
    {
        var dataSource = _folder.Database();
        await using var silo = await TestSilo.StartAsync(dataSource, s => s.Services.AddSqliteFiles());
        var storage = silo.Storage();
        await using var notes = silo.Services.GetRequiredService<SqliteFiles>().Join(dataSource, "the test notes");
        await NoteRows.CreateTableAsync(notes);
        await notes.WriteAsync(NoteRows.Instance, "warm-up");
        await using var admin = new SqliteConnection($"Data Source={dataSource};Pooling=False");
        await admin.OpenAsync();
        await using (var trigger = admin.CreateCommand())
        {
            trigger.CommandText = "CREATE TRIGGER poison BEFORE INSERT ON notes WHEN NEW.text = 'poisoned' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;";
            await trigger.ExecuteNonQueryAsync();
        }

        // Hold the write lock while queueing, so the poisoned row shares a batch with grain-state writes and healthy rows.
        Task[] states;
        Task<long>[] rows;
        using (var hold = admin.BeginTransaction(deferred: false))
        {
            states = [.. Enumerable.Range(0, 50).Select(i => storage.WriteStateAsync("batch", GrainId.Create("mixed", $"k{i}"), new GrainState<TestState>(new TestState { Number = i })))];
            rows = [.. new[] { "healthy-1", "poisoned", "healthy-2" }.Select(text => notes.WriteAsync(NoteRows.Instance, text))];
            hold.Rollback();
        }

        await Task.WhenAll(states);
        await rows[0];
        await rows[2];
        var failure = await Assert.ThrowsAsync<SqliteException>(() => rows[1]);
        Assert.Contains("poisoned row", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["warm-up", "healthy-1", "healthy-2"], await NoteRows.ReadAsync(dataSource));
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync("batch", GrainId.Create("mixed", "k49"), read);
        Assert.Equal(49, read.State!.Number);
    }

    [Fact]
    public async Task AStoreLeavingTheFile_DoesNotStopTheWriterTheGrainStorageUses()
    {
        var dataSource = _folder.Database();
        await using var silo = await TestSilo.StartAsync(dataSource, s => s.Services.AddSqliteFiles());
        var notes = silo.Services.GetRequiredService<SqliteFiles>().Join(dataSource, "the test notes");
        await NoteRows.CreateTableAsync(notes);
        await notes.WriteAsync(NoteRows.Instance, "joined");

        // Queued before the store leaves: each is committed, none is dropped with the store.
        var queued = Enumerable.Range(0, 500).Select(i => notes.WriteAsync(NoteRows.Instance, $"n{i}")).ToArray();

        await notes.DisposeAsync();

        Assert.Equal(500, (await Task.WhenAll(queued)).Distinct().Count());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => notes.WriteAsync(NoteRows.Instance, "late"));
        var state = new GrainState<TestState>(new TestState { Text = "still written" });
        await silo.Storage().WriteStateAsync("s", GrainId.Create("after", "leave"), state);
        Assert.Equal("1", state.ETag);
    }
}
