using JobHub.Agent.Processes;
using JobHub.Grains.Logs;

namespace JobHub.Grains.Tests.Storage;

/// <summary>The job log store's behaviour, written once and run against every store (memory, SQLite, PostgreSQL).</summary>
public abstract class JobLogStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private IJobLogStore? _store;

    protected IJobLogStore Store => _store ??= CreateStore();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AppendThenRead_ReturnsLinesInOrderWithSequencesPerJob()
    {
        await Store.AppendAsync("job-a", [Line("job-a", 0, "one"), Line("job-a", 1, "two", LogStreamKind.StandardError)]);
        await Store.AppendAsync("job-b", [Line("job-b", 0, "other")]);
        await Store.AppendAsync("job-a", [Line("job-a", 0, "three", continuation: true)]);

        var all = await Store.ReadAsync("job-a", 0, 100);

        Assert.Equal([1L, 2L, 3L], all.Select(e => e.Sequence));
        Assert.Equal(["one", "two", "three"], all.Select(e => e.Text));
        Assert.Equal(new JobLogEntry(2, Start.AddSeconds(1), "job-a/worker-1", 1, LogStreamKind.StandardError, "two", false), all[1]);
        Assert.True(all[2].IsContinuation);
        Assert.Equal(1L, Assert.Single(await Store.ReadAsync("job-b", 0, 100)).Sequence);
        Assert.Empty(await Store.ReadAsync("job-none", 0, 100));
    }

    [Fact]
    public async Task Read_PagesThroughALongLog_WithoutGapsOrRepeats()
    {
        var lines = Enumerable.Range(1, 1234).Select(i => Line("job-p", i % 3, $"line {i}")).ToList();
        await Store.AppendAsync("job-p", lines.Take(1000).ToList());
        await Store.AppendAsync("job-p", lines.Skip(1000).ToList());

        var seen = new List<JobLogEntry>();
        IReadOnlyList<JobLogEntry> page;
        do
        {
            page = await Store.ReadAsync("job-p", seen.Count == 0 ? 0 : seen[^1].Sequence, 100);
            Assert.InRange(page.Count, 0, 100);
            seen.AddRange(page);
        }
        while (page.Count > 0);

        Assert.Equal(Enumerable.Range(1, 1234).Select(i => (long)i), seen.Select(e => e.Sequence));
        Assert.Equal(lines.Select(l => l.Text), seen.Select(e => e.Text));
        Assert.Equal(["line 1001", "line 1002"], (await Store.ReadAsync("job-p", 1000, 2)).Select(e => e.Text));
        Assert.Empty(await Store.ReadAsync("job-p", 1234, 10));
    }

    [Fact]
    public async Task Tail_ReturnsTheLastLinesOldestFirst()
    {
        await Store.AppendAsync("job-t", Enumerable.Range(1, 50).Select(i => Line("job-t", 0, $"line {i}")).ToList());

        Assert.Equal(["line 48", "line 49", "line 50"], (await Store.TailAsync("job-t", 3)).Select(e => e.Text));
        Assert.Equal([48L, 49L, 50L], (await Store.TailAsync("job-t", 3)).Select(e => e.Sequence));
        Assert.Equal(50, (await Store.TailAsync("job-t", 500)).Count);
        Assert.Empty(await Store.TailAsync("job-none", 5));
    }

    [Fact]
    public async Task Follow_YieldsExistingThenNewLines()
    {
        await Store.AppendAsync("job-f", [Line("job-f", 0, "before")]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<string>();

        await foreach (var entry in Store.FollowAsync("job-f", 0, cancel.Token))
        {
            seen.Add(entry.Text);
            if (entry.Text == "before")
            {
                await Store.AppendAsync("job-f", [Line("job-f", 0, "after")]);
            }
            else
            {
                break;
            }
        }

        Assert.Equal(["before", "after"], seen);
    }

    [Fact]
    public async Task Follow_FromASequence_SkipsWhatWasAlreadySeen()
    {
        await Store.AppendAsync("job-s", Enumerable.Range(1, 5).Select(i => Line("job-s", 0, $"line {i}")).ToList());
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var first = await Store.FollowAsync("job-s", 3, cancel.Token).FirstAsync(cancel.Token);

        Assert.Equal(4L, first.Sequence);
        Assert.Equal("line 4", first.Text);
    }

    [Fact]
    public async Task Follow_EndsWhenCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var follow = Store.FollowAsync("job-quiet", 0, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = follow.MoveNextAsync().AsTask();

        await cancel.CancelAsync();

        Assert.False(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        await follow.DisposeAsync();
    }

    [Fact]
    public async Task Text_RoundTripsExactly()
    {
        string[] texts = ["", "  leading and trailing  ", "unicode: ünïcödé ✓ 日本語", "tab\there", new string('x', 16 * 1024)];
        await Store.AppendAsync("job-x", texts.Select(t => Line("job-x", 0, t)).ToList());

        Assert.Equal(texts, (await Store.ReadAsync("job-x", 0, 100)).Select(e => e.Text));
    }

    protected abstract IJobLogStore CreateStore();

    protected static LogLine Line(string jobId, int index, string text, LogStreamKind stream = LogStreamKind.StandardOutput, bool continuation = false) =>
        new(Start.AddSeconds(index), index == 0 ? ProcessLabel.Master(jobId) : ProcessLabel.Worker(jobId, index), stream, text, continuation);
}
