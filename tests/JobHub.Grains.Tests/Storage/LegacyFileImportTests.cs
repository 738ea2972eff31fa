using JobHub.Contracts.Billing;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Jobs.Index;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Tests.Storage;

/// <summary>
/// A data folder of a release that kept the job list in <c>jobs.db</c> and the ledger in <c>billing.db</c>: the stores,
/// now in <c>jobhub.db</c>, import both once (files made with that release's schema, real SQLite), keep every row, and
/// rename the old files so a restart imports nothing twice.
/// </summary>
public sealed class LegacyFileImportTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-import-").FullName;

    private string Target => Path.Combine(_folder, "jobhub.db");

    private string OldJobs => Path.Combine(_folder, "jobs.db");

    private string OldLedger => Path.Combine(_folder, "billing.db");

    [Fact]
    public async Task TheOldJobList_IsImportedOnce_NewerRowsWin_AndTheOldFileIsRenamed()
    {
        await ExecuteAsync(OldJobs, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE jobs (job_id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, owner TEXT NOT NULL, state INTEGER NOT NULL,
                reason TEXT NOT NULL, submitted_ticks INTEGER NOT NULL, started_ticks INTEGER NULL, ended_ticks INTEGER NULL);
            CREATE INDEX jobs_by_time ON jobs (submitted_ticks DESC, job_id DESC);
            CREATE INDEX jobs_by_owner ON jobs (owner, submitted_ticks DESC, job_id DESC);
            """, ("old-1", T0, JobState.Completed), ("old-2", T0.AddMinutes(1), JobState.Running));
        await using (var earlier = Index())
        {
            // A row the new file already has (a crash after an earlier import, before the rename) is not overwritten.
            await earlier.UpsertAsync(new JobSummary("old-2", "name-old-2", "ann", JobState.Completed, "done", T0.AddMinutes(1), T0, T0.AddMinutes(2)));
        }

        File.Move(OldJobs + ".imported", OldJobs);
        await using (var index = Index())
        {
            var page = await index.ListAsync(new JobQuery("ann", Limit: 10));
            Assert.Equal([("old-2", JobState.Completed), ("old-1", JobState.Completed)], page.Jobs.Select(j => (j.JobId, j.State)));
        }

        Assert.False(File.Exists(OldJobs));
        Assert.True(File.Exists(OldJobs + ".imported"));
        await using var restarted = Index();
        await restarted.UpsertAsync(new JobSummary("new-1", "name-new-1", "ann", JobState.Running, "", T0.AddMinutes(5), null, null));
        Assert.Equal(["new-1", "old-2", "old-1"], (await restarted.ListAsync(new JobQuery("ann", Limit: 10))).Jobs.Select(j => j.JobId));
    }

    [Fact]
    public async Task TheOldLedger_IsImportedWithEveryEntry_AndARepeatedAppendStaysANoOp()
    {
        await using (var connection = await OpenAsync(OldLedger))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE billing_ledger (job_id TEXT NOT NULL, seq INTEGER NOT NULL, user_name TEXT NOT NULL, project TEXT NULL,
                    node_type TEXT NOT NULL, kind INTEGER NOT NULL, from_ticks INTEGER NOT NULL, to_ticks INTEGER NOT NULL, seconds INTEGER NOT NULL,
                    amount_micros INTEGER NOT NULL, recorded_ticks INTEGER NOT NULL, PRIMARY KEY (job_id, seq)) STRICT, WITHOUT ROWID;
                CREATE TRIGGER billing_ledger_no_delete BEFORE DELETE ON billing_ledger
                    BEGIN SELECT RAISE(ABORT, 'the billing ledger is append-only: entries are never deleted'); END;
                INSERT INTO billing_ledger VALUES ('job-1', 1, 'alice', NULL, 'cpu-small', 0, $from, $to, 60, 1250000, $to);
                INSERT INTO billing_ledger VALUES ('job-1', 2, 'alice', 'p', 'cpu-small', 0, $to, $to2, 60, 333333, $to2);
                """;
            command.Parameters.AddWithValue("$from", T0.UtcTicks);
            command.Parameters.AddWithValue("$to", T0.AddMinutes(1).UtcTicks);
            command.Parameters.AddWithValue("$to2", T0.AddMinutes(2).UtcTicks);
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        await using (var ledger = Ledger())
        {
            var entries = await ledger.ReadJobAsync("job-1");
            Assert.Equal([(1, 1.25m, (string?)null), (2, 0.333333m, "p")], entries.Select(e => (e.Sequence, e.Amount, e.Project)));
            var repeated = new LedgerEntry("job-1", 2, "alice", "p", "cpu-small", LedgerEntryKind.Usage, T0.AddMinutes(1), T0.AddMinutes(2), 60, 9m, T0.AddMinutes(2));
            Assert.False(await ledger.AppendAsync(repeated));
            var report = await ledger.QueryUsageAsync(new UsageQuery(T0.AddDays(-1), T0.AddDays(1), ["alice"], null, UsageGrouping.Job));
            Assert.Equal(1.583333m, report.Amount);
        }

        Assert.False(File.Exists(OldLedger));
        Assert.True(File.Exists(OldLedger + ".imported"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private SqliteJobIndex Index() =>
        new(Options.Create(new SqliteJobIndexOptions { DataSource = Target, ImportFrom = OldJobs }));

    private SqliteBillingLedger Ledger() =>
        new(Options.Create(new SqliteBillingLedgerOptions { DataSource = Target, ImportFrom = OldLedger }));

    private static async Task ExecuteAsync(string file, string schema, params (string Id, DateTimeOffset Submitted, JobState State)[] jobs)
    {
        await using (var connection = await OpenAsync(file))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = schema;
            await command.ExecuteNonQueryAsync();
            foreach (var (id, submitted, state) in jobs)
            {
                command.Parameters.Clear();
                command.CommandText = "INSERT INTO jobs VALUES ($id, $name, 'ann', $state, '', $submitted, NULL, NULL)";
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$name", "name-" + id);
                command.Parameters.AddWithValue("$state", (int)state);
                command.Parameters.AddWithValue("$submitted", submitted.UtcTicks);
                await command.ExecuteNonQueryAsync();
            }
        }

        SqliteConnection.ClearAllPools();
    }

    private static async Task<SqliteConnection> OpenAsync(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
