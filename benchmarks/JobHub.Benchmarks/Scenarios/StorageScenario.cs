using System.Diagnostics;
using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;
using JobHub.Runtime.Sql.Hosting;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>Many grains writing their state concurrently through IPersistentState to SQLite (group commit, ETag checked per write).</summary>
internal sealed class StorageScenario : IScenario
{
    private const int Grains = 1_000;

    public string Name => "storage";

    public string Description => $"SQLite state writes/s with ETag checks, {Grains:N0} grains writing concurrently";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), "jobhub-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var durable = await MeasureAsync(settings, Path.Combine(folder, "durable.db"), durableCommits: true);
            var normal = await MeasureAsync(settings, Path.Combine(folder, "normal.db"), durableCommits: false);
            return
            [
                new Measurement("writes/s (synchronous=FULL)", durable.Rate, "/s"),
                new Measurement("write p50 (FULL)", durable.P50, "ms"),
                new Measurement("writes/s (synchronous=NORMAL)", normal.Rate, "/s"),
            ];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(double Rate, double P50)> MeasureAsync(BenchSettings settings, string file, bool durableCommits)
    {
        var silo = await BenchSilo.StartAsync(r => r.UseSqliteStorage(o =>
        {
            o.DataSource = file;
            o.DurableCommits = durableCommits;
        }));
        var grains = Enumerable.Range(0, Grains).Select(i => silo.Grains.GetGrain<IWriterGrain>($"writer-{i}")).ToArray();
        await Task.WhenAll(grains.Select(g => g.IncrementAndWrite())); // activate, create each row

        var counters = new PaddedCounters(Grains);
        var latencies = new List<long>[Grains];
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Grains).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<long>(256);
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                await grains[i].IncrementAndWrite();
                mine.Add(Stopwatch.GetTimestamp() - start);
                counters.Increment(i);
            }
        })).ToArray();

        await Task.Delay(settings.Scaled(TimeSpan.FromSeconds(1)));
        var startCount = counters.Sum();
        var clock = Stopwatch.StartNew();
        await Task.Delay(settings.Scaled(TimeSpan.FromSeconds(4)));
        var writes = counters.Sum() - startCount;
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await silo.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var p50 = all.Length == 0 ? 0 : all[all.Length / 2] * 1000.0 / Stopwatch.Frequency;
        return (writes / elapsed.TotalSeconds, p50);
    }
}
