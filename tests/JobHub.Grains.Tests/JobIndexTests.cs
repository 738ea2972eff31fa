using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Tests;

/// <summary>The job list projection, written once and run against every store.</summary>
public abstract class JobIndexContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IJobIndex Index { get; }

    [Fact]
    public async Task List_NewestFirst_PagedWithCursorWithoutGapsOrRepeats()
    {
        for (var i = 0; i < 25; i++)
        {
            await Index.UpsertAsync(Summary($"job-{i:00}", "ann", JobState.Completed, T0.AddMinutes(i / 2)));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Index.ListAsync(new JobQuery(Limit: 10, Cursor: cursor));
            Assert.InRange(page.Jobs.Length, 1, 10);
            seen.AddRange(page.Jobs.Select(j => j.JobId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"job-{i:00}").Reverse(), seen);
    }

    [Fact]
    public async Task List_FiltersByOwnerAndState()
    {
        await Index.UpsertAsync(Summary("a", "ann", JobState.Running, T0));
        await Index.UpsertAsync(Summary("b", "bob", JobState.Running, T0.AddSeconds(1)));
        await Index.UpsertAsync(Summary("c", "ann", JobState.Failed, T0.AddSeconds(2)));

        Assert.Equal(["c", "a"], (await Index.ListAsync(new JobQuery(Owner: "ann"))).Jobs.Select(j => j.JobId));
        Assert.Equal(["b", "a"], (await Index.ListAsync(new JobQuery(State: JobState.Running))).Jobs.Select(j => j.JobId));
        Assert.Equal(["a"], (await Index.ListAsync(new JobQuery(Owner: "ann", State: JobState.Running))).Jobs.Select(j => j.JobId));
    }

    [Fact]
    public async Task Upsert_ReplacesTheRow()
    {
        await Index.UpsertAsync(Summary("a", "ann", JobState.Running, T0));
        await Index.UpsertAsync(Summary("a", "ann", JobState.Completed, T0) with { EndedAt = T0.AddHours(1), Reason = "done" });

        var row = Assert.Single((await Index.ListAsync(new JobQuery())).Jobs);
        Assert.Equal(JobState.Completed, row.State);
        Assert.Equal("done", row.Reason);
        Assert.Equal(T0.AddHours(1), row.EndedAt);
    }

    [Fact]
    public async Task Upsert_WithAnotherOwnerAndSubmitTime_MovesTheRowInBothOrders()
    {
        await Index.UpsertAsync(Summary("a", "ann", JobState.Running, T0));
        await Index.UpsertAsync(Summary("b", "bob", JobState.Running, T0.AddSeconds(1)));
        await Index.UpsertAsync(Summary("a", "bob", JobState.Completed, T0.AddSeconds(2)));

        Assert.Equal(["a", "b"], (await Index.ListAsync(new JobQuery())).Jobs.Select(j => j.JobId));
        Assert.Equal(["a", "b"], (await Index.ListAsync(new JobQuery(Owner: "bob"))).Jobs.Select(j => j.JobId));
        Assert.Empty((await Index.ListAsync(new JobQuery(Owner: "ann"))).Jobs);
        var row = (await Index.ListAsync(new JobQuery(Owner: "bob", Limit: 1))).Jobs.Single();
        Assert.Equal((JobState.Completed, T0.AddSeconds(2)), (row.State, row.SubmittedAt));
    }

    [Fact]
    public async Task List_ForeignCursor_Refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Index.ListAsync(new JobQuery(Cursor: "not-a-cursor")));
    }

    protected static JobSummary Summary(string id, string owner, JobState state, DateTimeOffset submitted) =>
        new(id, "name-" + id, owner, state, state.ToString(), submitted, null, null);
}

public sealed class InMemoryJobIndexTests : JobIndexContractTests
{
    protected override IJobIndex Index { get; } = new InMemoryJobIndex();
}

public sealed class SqliteJobIndexTests : JobIndexContractTests, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-index-").FullName;

    public SqliteJobIndexTests() => Index = new SqliteJobIndex(Options.Create(new SqliteJobIndexOptions { DataSource = Path.Combine(_folder, "jobs.db") }));

    protected override IJobIndex Index { get; }

    [Fact]
    public async Task RowThatCannotBeStored_FailsAlone_NotTheRowsQueuedWithIt()
    {
        // Queued together, so they share a batch (one transaction) in the writer.
        var before = Enumerable.Range(0, 50).Select(i => Index.UpsertAsync(Summary($"job-{i:00}", "ann", JobState.Running, T0))).ToList();
        var bad = Index.UpsertAsync(Summary("bad", "ann", JobState.Running, T0) with { Name = null! });
        var after = Enumerable.Range(50, 50).Select(i => Index.UpsertAsync(Summary($"job-{i:00}", "ann", JobState.Running, T0))).ToList();

        await Assert.ThrowsAnyAsync<Exception>(() => bad);
        await Task.WhenAll(before.Concat(after));
        Assert.Equal(100, (await Index.ListAsync(new JobQuery(Limit: 200))).Jobs.Length);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class JobListTests
{
    [Fact]
    public async Task SubmittedJob_AppearsInTheList_AndItsRowFollowsItsState()
    {
        await using var host = await JobsHost.StartAsync();
        var id = JobsHost.NewJobId();

        await host.Job(id).Submit(JobsHost.Shell("exit 0"), "ann");
        var index = (IJobIndex)host.Services.GetService(typeof(IJobIndex))!;

        await Eventually.WaitUntilAsync(
            async () => (await index.ListAsync(new JobQuery(Owner: "ann"))).Jobs.SingleOrDefault(j => j.JobId == id)?.State == JobState.Completed,
            "the job's row in the list reaches completed");
    }
}
