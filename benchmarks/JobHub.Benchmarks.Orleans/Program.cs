using System.Diagnostics;
using JobHub.Benchmarks.Orleans;

// dotnet run -c Release --project benchmarks/JobHub.Benchmarks.Orleans
// Orleans 10.4.2 on this machine, silos in this process talking over loopback TCP:
//   local calls/s with 1,000 concurrent callers (caller and grains on one silo), the latency of one caller,
//   activations/s (new grains, 64 at a time), cross-silo calls/s with 1,000 callers (grains on the other silo), and
//   grain state writes/s through JobHub's SQLite and PostgreSQL storage and Orleans' ADO.NET storage (StorageRuns).
Console.WriteLine($"Orleans reference benchmark; {Environment.ProcessorCount} cores");
await using var first = await BenchSilo.StartAsync();
await using var second = await BenchSilo.StartAsync(first.Endpoint);
Console.WriteLine();
Console.WriteLine("| figure | value |");
Console.WriteLine("|---|---|");

// Grains 0..999 live on the first silo, 1,000..1,999 on the second (each activated by its own silo first).
await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => first.Grains.GetGrain<IPingGrain>(i).Ping(0)));
await Task.WhenAll(Enumerable.Range(1000, 1000).Select(i => second.Grains.GetGrain<IPingGrain>(i).Ping(0)));

var local = await CallsPerSecondAsync(first.Grains, 0, TimeSpan.FromSeconds(5));
Console.WriteLine($"| local calls, 1,000 callers | {local:N0} calls/s |");

var latencies = new double[20_000];
var grain = first.Grains.GetGrain<IPingGrain>(0);
for (var i = 0; i < 2_000; i++)
{
    await grain.Ping(i);
}

for (var i = 0; i < latencies.Length; i++)
{
    var started = Stopwatch.GetTimestamp();
    await grain.Ping(i);
    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
}

Array.Sort(latencies);
Console.WriteLine($"| one caller, local: latency p50 / p99 | {latencies[latencies.Length / 2]:0.0} µs / {latencies[(int)(latencies.Length * 0.99)]:0.0} µs |");

var activations = 20_000;
var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(100_000, activations), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (key, _) => await first.Grains.GetGrain<IPingGrain>(key).Ping(0));
Console.WriteLine($"| activations (new grains, 64 at a time) | {activations / clock.Elapsed.TotalSeconds:N0} /s |");

var cross = await CallsPerSecondAsync(first.Grains, 1000, TimeSpan.FromSeconds(5));
Console.WriteLine($"| cross-silo calls, 1,000 callers (grains on the other silo) | {cross:N0} calls/s |");

await StorageRuns.RunAsync();

static async Task<double> CallsPerSecondAsync(IGrainFactory grains, int firstKey, TimeSpan duration)
{
    long calls = 0;
    var stop = Stopwatch.StartNew();
    var warmUp = TimeSpan.FromSeconds(2);
    long countedFrom = 0;
    var measuring = false;
    await Task.WhenAll(Enumerable.Range(firstKey, 1000).Select(async key =>
    {
        var target = grains.GetGrain<IPingGrain>(key);
        while (stop.Elapsed < warmUp + duration)
        {
            await target.Ping(key);
            Interlocked.Increment(ref calls);
            if (!measuring && stop.Elapsed >= warmUp)
            {
                measuring = true;
                Interlocked.Exchange(ref countedFrom, Interlocked.Read(ref calls));
            }
        }
    }));
    return (Interlocked.Read(ref calls) - Interlocked.Read(ref countedFrom)) / duration.TotalSeconds;
}
