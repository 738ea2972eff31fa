using System.Collections.Concurrent;
using System.Diagnostics;
using JobHub.Cluster.TestGrains;
using JobHub.Runtime;
using JobHub.Testing;
using Xunit.Abstractions;

namespace JobHub.Cluster.Tests;

public sealed class GatewayFailoverTests(ITestOutputHelper output)
{
    private const int BroadcastGrains = 30;

    [Fact]
    public async Task ClientsGatewayKilledUnderLoad_ClientMovesOn_EveryGrainAnswers_NoIncrementLostOrTwice_ObserverKeepsReceiving()
    {
        await using var cluster = await ClusterOfProcesses.StartAsync(3);
        var client = cluster.ClusterClient;
        var gateway = cluster.Silos.Single(s => cluster.GatewayOf(s) == client.CurrentGateway);
        var moved = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.GatewayChanged += g => moved.TrySetResult(g);

        // An observer on the client, subscribed to grains spread over every silo (30 keys: all three own some).
        var received = new MessageRecorder();
        var observer = client.CreateObjectReference<IBroadcastObserver>(received);
        var broadcasters = Enumerable.Range(0, BroadcastGrains).Select(i => client.GetGrain<IBroadcastGrain>($"{Guid.NewGuid():N}-{i}")).ToList();
        await Task.WhenAll(broadcasters.Select(b => b.Subscribe(observer)));
        Assert.All(await Task.WhenAll(broadcasters.Select(b => b.Publish(1))), delivered => Assert.Equal(1, delivered));
        Assert.Equal(BroadcastGrains, received.CountOf(1));

        await using var load = IncrementLoad.Start(client, grainCount: 1_000);
        await load.WaitForAcknowledgedAsync(2_000, "the load is running through the gateway");
        gateway.Process.Signal(ProcessSignals.SigKill);
        var killedAt = Stopwatch.StartNew();

        var newGateway = await moved.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var switchedAfter = killedAt.Elapsed;
        Assert.NotEqual(cluster.GatewayOf(gateway), newGateway);

        // Within the detection time (10 s by default) plus 5 s, every grain answers again.
        await Eventually.WaitUntilAsync(load.AllAnswerAsync, "every grain answers after the client's gateway was killed", TimeSpan.FromSeconds(15));
        var recovered = killedAt.Elapsed;

        // The test app subscribes again after the move (grains on the dead silo lost their subscribers with
        // their activations); from then on, grains on every silo reach the observer through the new gateway.
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    await Task.WhenAll(broadcasters.Select(b => b.Subscribe(observer)));
                    return (await Task.WhenAll(broadcasters.Select(b => b.Publish(2)))).All(delivered => delivered == 1);
                }
                catch (JobHubException)
                {
                    return false;
                }
            },
            "every broadcaster reaches the observer again after the gateway moved",
            TimeSpan.FromSeconds(15));
        Assert.Equal(BroadcastGrains, received.KeysWith(2));

        await load.WaitForAcknowledgedAsync(2_000, "the load goes on through the new gateway");
        await load.StopAndAssertNoneLostNoneAppliedTwiceAsync();

        output.WriteLine($"killed gateway {cluster.GatewayOf(gateway)}; client moved to {newGateway} after {switchedAfter.TotalSeconds:0.00} s; " +
            $"every grain answered again after {recovered.TotalSeconds:0.0} s; {load.AcknowledgedTotal} acknowledged, {load.Uncertain.Values.Sum()} uncertain increments");
        Assert.True(recovered < TimeSpan.FromSeconds(15), $"recovered after {recovered}");
    }

    private sealed class MessageRecorder : IBroadcastObserver
    {
        private readonly ConcurrentDictionary<(string Key, long Sequence), int> _seen = new();

        public Task OnMessage(string grainKey, long sequence)
        {
            _seen.AddOrUpdate((grainKey, sequence), 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public int CountOf(long sequence) => _seen.Where(e => e.Key.Sequence == sequence).Sum(e => e.Value);

        public int KeysWith(long sequence) => _seen.Keys.Count(k => k.Sequence == sequence);
    }
}
