using System.Diagnostics;
using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>
/// How fast <c>GetGrain</c> makes references (no call is sent): code that resolves a reference per request pays
/// this on every call, and the activation scenario pays it once per new grain.
/// </summary>
internal sealed class ReferenceScenario : IScenario
{
    public string Name => "references";

    public string Description => "GetGrain<T>(key) references created per second and bytes per reference, one thread";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        await using var silo = await BenchSilo.StartAsync();
        var grains = silo.Grains;
        var keys = Enumerable.Range(0, 1_000).Select(i => $"ref-{i}").ToArray();
        return await Task.Run(() =>
        {
            var sink = 0;
            for (var i = 0; i < 100_000; i++)
            {
                sink += grains.GetGrain<IPingGrain>(keys[i % keys.Length]).GetHashCode();
            }

            var count = settings.Scaled(1_000_000);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                sink += grains.GetGrain<IPingGrain>(keys[i % keys.Length]).GetHashCode();
            }

            var elapsed = clock.Elapsed;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            GC.KeepAlive(sink);
            return (IReadOnlyList<Measurement>)
            [
                new Measurement("references/s", count / elapsed.TotalSeconds, "/s"),
                new Measurement("bytes per reference", (double)allocated / count, "B"),
            ];
        });
    }
}
