using System.Collections.Concurrent;
using JobHub.Cluster.TestGrains;
using JobHub.Runtime;
using JobHub.Testing;

namespace JobHub.Cluster.Tests;

/// <summary>
/// A steady load of increments on many durable counters through a cluster client, counting for each
/// grain the increments acknowledged and those whose outcome is unknown, so a test can check afterwards
/// that none was lost and none applied twice.
/// </summary>
public sealed class IncrementLoad : IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;

    private IncrementLoad(IGrainFactory grains, IReadOnlyList<string> keys, int workers)
    {
        _grains = grains;
        Keys = keys;
        _workers = [.. Enumerable.Range(0, workers).Select(worker => Task.Run(() => RunAsync(new Random(worker))))];
    }

    public IReadOnlyList<string> Keys { get; }

    public ConcurrentDictionary<string, long> Acknowledged { get; } = new();

    public ConcurrentDictionary<string, long> Uncertain { get; } = new();

    public long AcknowledgedTotal => Acknowledged.Values.Sum();

    public static IncrementLoad Start(IGrainFactory grains, int grainCount, int workers = 16)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return new IncrementLoad(grains, [.. Enumerable.Range(0, grainCount).Select(i => $"{run}-{i}")], workers);
    }

    /// <summary>Waits until <paramref name="more"/> further increments were acknowledged.</summary>
    public Task WaitForAcknowledgedAsync(long more, string what)
    {
        var target = AcknowledgedTotal + more;
        return Eventually.WaitUntilAsync(() => AcknowledgedTotal > target, what, TimeSpan.FromSeconds(60));
    }

    /// <summary>True when every grain of the load answers a read.</summary>
    public async Task<bool> AllAnswerAsync()
    {
        var answers = await Task.WhenAll(Keys.Select(async k =>
        {
            try
            {
                await _grains.GetGrain<IDurableCounterGrain>(k).Get();
                return true;
            }
            catch (JobHubException)
            {
                return false;
            }
        }));
        return answers.All(a => a);
    }

    /// <summary>Stops the load and checks every grain: at least the acknowledged increments, at most those plus the uncertain ones.</summary>
    public async Task StopAndAssertNoneLostNoneAppliedTwiceAsync()
    {
        await DisposeAsync();
        foreach (var key in Keys)
        {
            var value = await _grains.GetGrain<IDurableCounterGrain>(key).Get();
            var acked = Acknowledged.GetValueOrDefault(key);
            var maybe = Uncertain.GetValueOrDefault(key);
            Assert.True(value >= acked, $"grain {key}: {acked} increments were acknowledged but it holds {value} (lost)");
            Assert.True(value <= acked + maybe, $"grain {key}: holds {value}, more than {acked} acknowledged + {maybe} uncertain (applied twice)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_workers);
        }
    }

    private async Task RunAsync(Random random)
    {
        while (!_stop.IsCancellationRequested)
        {
            var key = Keys[random.Next(Keys.Count)];
            try
            {
                await _grains.GetGrain<IDurableCounterGrain>(key).Increment();
                Acknowledged.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
            catch (JobHubException)
            {
                // Lost answer, timeout or a silo going away: it may have run, or not.
                Uncertain.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
        }
    }
}
