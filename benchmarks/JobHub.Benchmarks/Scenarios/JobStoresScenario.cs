using System.Diagnostics;
using JobHub.Agent.Processes;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Benchmarks.Harness;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Logs;
using JobHub.Runtime.Sql.Options;
using JobHub.Runtime.Sql.Postgres;
using JobHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>
/// The job log store and job list on SQLite (embedded) and PostgreSQL (cluster): log lines appended per second by
/// concurrent jobs, job list upserts per second, and how long a follower on another store instance (another silo)
/// takes to see an appended line.
/// </summary>
internal sealed class JobStoresScenario : IScenario
{
    private const int Writers = 16;
    private const int LinesPerBatch = 64;

    public string Name => "jobstores";

    public string Description => $"job logs and job list on SQLite and PostgreSQL: {Writers} concurrent writers, {LinesPerBatch}-line batches, cross-silo follow latency";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        await PostgresTestServer.EnsureReachableAsync();
        var folder = Directory.CreateTempSubdirectory("jobhub-bench-stores-").FullName;
        var schema = "jobhub_bench_" + Guid.NewGuid().ToString("N");
        var databases = new List<PostgresDatabase>();
        PostgresDatabase NewDatabase()
        {
            var database = new PostgresDatabase(new PostgresStorageOptions { ConnectionString = PostgresTestServer.PooledConnectionString, Schema = schema });
            databases.Add(database);
            return database;
        }

        var postgresLogs = new List<PostgresJobLogStore>();
        PostgresJobLogStore NewPostgresLogs()
        {
            var store = new PostgresJobLogStore(NewDatabase(), Options.Create(new PostgresJobLogStoreOptions()), TimeProvider.System, NullLogger<PostgresJobLogStore>.Instance);
            postgresLogs.Add(store);
            return store;
        }

        SqliteJobLogStore NewSqliteLogs() =>
            new(Options.Create(new SqliteJobLogStoreOptions { DataSource = Path.Combine(folder, "logs.db") }), TimeProvider.System);

        try
        {
            var duration = settings.Scaled(TimeSpan.FromSeconds(3));
            var samples = settings.Scaled(10);
            return
            [
                new Measurement("SQLite log lines/s", await AppendRateAsync(NewSqliteLogs(), duration), "/s"),
                new Measurement("PostgreSQL log lines/s", await AppendRateAsync(NewPostgresLogs(), duration), "/s"),
                new Measurement("SQLite job list upserts/s", await UpsertRateAsync(new SqliteJobIndex(Options.Create(new SqliteJobIndexOptions { DataSource = Path.Combine(folder, "jobs.db") })), duration), "/s"),
                new Measurement("PostgreSQL job list upserts/s", await UpsertRateAsync(new PostgresJobIndex(NewDatabase()), duration), "/s"),
                new Measurement("SQLite follow p50, other silo", await FollowLatencyAsync(NewSqliteLogs(), NewSqliteLogs(), samples), "ms"),
                new Measurement("PostgreSQL follow p50, other silo", await FollowLatencyAsync(NewPostgresLogs(), NewPostgresLogs(), samples), "ms"),
            ];
        }
        finally
        {
            foreach (var store in postgresLogs)
            {
                await store.DisposeAsync();
            }

            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }

            await PostgresTestServer.DropSchemaAsync(schema);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<double> AppendRateAsync(IJobLogStore store, TimeSpan duration)
    {
        await store.AppendAsync("warm-up", [Line("warm-up", "x")]);
        long lines = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var jobId = $"job-{w}-{Guid.NewGuid():N}";
            var batch = Enumerable.Range(0, LinesPerBatch).Select(i => Line(jobId, $"line {i} of a batch, about as long as a typical log line")).ToArray();
            while (clock.Elapsed < duration)
            {
                await store.AppendAsync(jobId, batch);
                Interlocked.Add(ref lines, batch.Length);
            }
        })));
        return lines / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> UpsertRateAsync(IJobIndex index, TimeSpan duration)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await index.UpsertAsync(new JobSummary("warm-up", "bench", "bench", JobState.Completed, "done", start, null, null));
        long upserts = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var n = 0;
            while (clock.Elapsed < duration)
            {
                // Each job's row is rewritten a few times over its life (submitted, running, completed).
                var id = $"job-{w}-{n / 3}";
                await index.UpsertAsync(new JobSummary(id, "bench", "bench", (JobState)(n % 3), "state " + n, start.AddSeconds(n / 3), null, null));
                n++;
                Interlocked.Increment(ref upserts);
            }
        })));
        return upserts / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Median time from starting an append on <paramref name="writer"/> to a follower on <paramref name="reader"/> yielding it.</summary>
    private static async Task<double> FollowLatencyAsync(IJobLogStore writer, IJobLogStore reader, int samples)
    {
        var jobId = "follow-" + Guid.NewGuid().ToString("N");
        await writer.AppendAsync(jobId, [Line(jobId, "start")]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var follow = reader.FollowAsync(jobId, 0, cancel.Token).GetAsyncEnumerator(cancel.Token);
        await follow.MoveNextAsync();
        var latencies = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var next = follow.MoveNextAsync().AsTask();
            var started = Stopwatch.GetTimestamp();
            await writer.AppendAsync(jobId, [Line(jobId, $"sample {i}")]);
            await next;
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        latencies.Sort();
        return latencies[latencies.Count / 2];
    }

    private static LogLine Line(string jobId, string text) =>
        new(TimeProvider.System.GetUtcNow(), ProcessLabel.Master(jobId), LogStreamKind.StandardOutput, text, false);
}
