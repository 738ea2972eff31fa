using System.Diagnostics;
using JobHub.Storage.Postgres;
using JobHub.Storage.Sqlite;
using JobHub.Testing;

namespace JobHub.Benchmarks.Orleans;

/// <summary>
/// Grain state writes per second through each storage provider: 1,000 grains, each writing in a loop (ETag checked on
/// every write), 1 s warm-up then 4 s counted. SQLite always; PostgreSQL (ours and Orleans' ADO.NET) on the test server.
/// </summary>
internal static class StorageRuns
{
    private const int Grains = 1000;

    public static async Task RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("jobhub-bench-storage-").FullName;
        var schema = "jh_bench_" + Guid.NewGuid().ToString("N")[..12];
        var postgres = await PostgresReachableAsync();
        try
        {
            await using var silo = await BenchSilo.StartAsync(configure: silo =>
            {
                silo.AddSqliteGrainStorage(StorageNames.Sqlite, (SqliteGrainStorageOptions o) => o.DataSource = Path.Combine(folder, "bench.db"));
                if (postgres)
                {
                    silo.AddPostgresGrainStorage(StorageNames.Postgres, (PostgresGrainStorageOptions o) => Configure(o, schema));
                    silo.AddAdoNetPostgresGrainStorage(StorageNames.AdoNet, (JobHubPostgresOptions o) => Configure(o, schema));
                }
            });
            await ReportAsync("JobHub SQLite group commit (embedded default)", key => silo.Grains.GetGrain<IWriterGrain>(key, grainClassNamePrefix: typeof(SqliteWriterGrain).FullName));
            if (postgres)
            {
                await ReportAsync("JobHub PostgreSQL group commit (cluster default)", key => silo.Grains.GetGrain<IWriterGrain>(key, grainClassNamePrefix: typeof(PostgresWriterGrain).FullName));
                await ReportAsync("Orleans ADO.NET on PostgreSQL (one transaction per write)", key => silo.Grains.GetGrain<IWriterGrain>(key, grainClassNamePrefix: typeof(AdoNetWriterGrain).FullName));
            }
            else
            {
                Console.WriteLine("| PostgreSQL storage | not measured: no server (run scripts/postgres.sh) |");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            if (postgres)
            {
                await PostgresTestServer.DropSchemaAsync(schema);
            }
        }
    }

    private static void Configure(JobHubPostgresOptions options, string schema)
    {
        // 16 connections each, the pool JobHub's own providers default to (the server allows 100 for everyone).
        options.ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { MaxPoolSize = 16 }.ConnectionString;
        options.Schema = schema;
    }

    private static async Task<bool> PostgresReachableAsync()
    {
        try
        {
            await PostgresTestServer.EnsureReachableAsync();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task ReportAsync(string provider, Func<long, IWriterGrain> grain)
    {
        long writes = 0;
        long countedFrom = -1;
        var latencies = new List<double>[Grains];
        var clock = Stopwatch.StartNew();
        var warmUp = TimeSpan.FromSeconds(1);
        var until = warmUp + TimeSpan.FromSeconds(4);
        await Task.WhenAll(Enumerable.Range(0, Grains).Select(async key =>
        {
            var target = grain(key);
            var mine = latencies[key] = [];
            var value = 0;
            while (clock.Elapsed < until)
            {
                var started = Stopwatch.GetTimestamp();
                await target.Write(value++);
                if (clock.Elapsed >= warmUp)
                {
                    Interlocked.CompareExchange(ref countedFrom, Interlocked.Read(ref writes), -1);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                Interlocked.Increment(ref writes);
            }
        }));
        var perSecond = (Interlocked.Read(ref writes) - countedFrom) / (clock.Elapsed - warmUp).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine($"| state writes, 1,000 grains: {provider} | {perSecond:N0} writes/s (p50 {all[all.Length / 2]:0.0} ms, p99 {all[(int)(all.Length * 0.99)]:0.0} ms) |");
    }
}
