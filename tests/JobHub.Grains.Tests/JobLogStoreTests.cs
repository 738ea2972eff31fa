using JobHub.Agent.Processes;
using JobHub.Grains.Logs;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Tests;

public sealed class JobLogStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "jobhub-logstore-tests", Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Stores => ["memory", "sqlite"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AppendThenRead_ReturnsLinesInOrderWithSequencesPerJob(string kind)
    {
        var store = Create(kind);
        await store.AppendAsync("job-a", [Line("job-a", 0, "one"), Line("job-a", 1, "two", LogStreamKind.StandardError)]);
        await store.AppendAsync("job-b", [Line("job-b", 0, "other")]);
        await store.AppendAsync("job-a", [Line("job-a", 0, "three", continuation: true)]);

        var all = await store.ReadAsync("job-a", 0, 100);

        Assert.Equal([1L, 2L, 3L], all.Select(e => e.Sequence));
        Assert.Equal(["one", "two", "three"], all.Select(e => e.Text));
        Assert.Equal(new JobLogEntry(2, Start.AddSeconds(1), "job-a/worker-1", 1, LogStreamKind.StandardError, "two", false), all[1]);
        Assert.True(all[2].IsContinuation);
        Assert.Equal(["three"], (await store.ReadAsync("job-a", 2, 100)).Select(e => e.Text));
        Assert.Equal(["one"], (await store.ReadAsync("job-a", 0, 1)).Select(e => e.Text));
        Assert.Equal(["two", "three"], (await store.TailAsync("job-a", 2)).Select(e => e.Text));
        Assert.Equal(1L, Assert.Single(await store.ReadAsync("job-b", 0, 100)).Sequence);
        Assert.Empty(await store.TailAsync("job-none", 5));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Follow_YieldsExistingThenNewLines(string kind)
    {
        var store = Create(kind);
        await store.AppendAsync("job-f", [Line("job-f", 0, "before")]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<string>();

        await foreach (var entry in store.FollowAsync("job-f", 0, cancel.Token))
        {
            seen.Add(entry.Text);
            if (entry.Text == "before")
            {
                await store.AppendAsync("job-f", [Line("job-f", 0, "after")]);
            }
            else
            {
                break;
            }
        }

        Assert.Equal(["before", "after"], seen);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private IJobLogStore Create(string kind) => kind == "memory"
        ? new InMemoryJobLogStore(TimeProvider.System)
        : new SqliteJobLogStore(Options.Create(new SqliteJobLogStoreOptions { DataSource = Path.Combine(_folder, "logs.db") }), TimeProvider.System);

    private static LogLine Line(string jobId, int index, string text, LogStreamKind stream = LogStreamKind.StandardOutput, bool continuation = false) =>
        new(Start.AddSeconds(index), index == 0 ? ProcessLabel.Master(jobId) : ProcessLabel.Worker(jobId, index), stream, text, continuation);
}
