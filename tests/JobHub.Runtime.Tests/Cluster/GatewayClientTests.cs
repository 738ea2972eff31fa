using System.Collections.Concurrent;
using System.Diagnostics;
using JobHub.Runtime.Cluster;
using JobHub.Runtime.ClusterClient;
using JobHub.Runtime.Hosting;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Tests.Cluster;

[Collection(SerialCollection.Name)]
public sealed class GatewayClientTests
{
    [Fact]
    public async Task ClientWithOneGateway_CallsGrainsOwnedByEverySilo_SameActivationAsThroughTheSilos()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        await using var client = await cluster.StartGatewayClientAsync(cluster.Silos[0]);
        Assert.Same(ClientOf(client), client.Grains); // IGrainFactory is the cluster client itself
        var keys = Enumerable.Range(0, 60).Select(i => $"g{i}").ToList();

        foreach (var key in keys)
        {
            Assert.Equal(1, await client.Grains.GetGrain<ICounterGrain>(key).Increment());
        }

        foreach (var key in keys)
        {
            var throughClient = await client.Grains.GetGrain<ICounterGrain>(key).ActivationId();
            var throughSilos = await Task.WhenAll(cluster.Silos.Select(s => s.Grains.GetGrain<ICounterGrain>(key).ActivationId()));
            Assert.All(throughSilos, id => Assert.Equal(throughClient, id));
            Assert.Equal(1, await cluster.Silos[2].Grains.GetGrain<ICounterGrain>(key).Get());
        }

        Assert.All(cluster.Silos, silo => Assert.Contains(keys, k => RouterOf(silo).Owns(new GrainId("counter", k))));
        Assert.Equal([ClientOf(client).ClientId], TestCluster.RuntimeOf(cluster.Silos[0]).ConnectedClients);

        // An exception thrown on a silo the call was forwarded to reaches the client with its type and message.
        var remoteKey = Enumerable.Range(0, 1000).Select(i => $"thrower-{i}").First(k => RouterOf(cluster.Silos[2]).Owns(new GrainId("counter", k)));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Grains.GetGrain<ICounterGrain>(remoteKey).Throw("forwarded no"));
        Assert.Equal("forwarded no", error.Message);
    }

    [Fact]
    public async Task ObserverOnClient_ReceivesNotificationsFromGrainsOnEverySilo()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        await using var client = await cluster.StartGatewayClientAsync(cluster.Silos[1]);
        var received = new RecordingObserver();
        var observer = client.Grains.CreateObjectReference<IStatusObserver>(received);
        var keys = OneKeyOwnedByEachSilo(cluster, "notifier");
        foreach (var key in keys)
        {
            await client.Grains.GetGrain<INotifierGrain>(key).Subscribe(observer);
        }

        // Notified through every silo in turn, from grains on every silo: each reaches the client through its gateway.
        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(1, await cluster.Silos[i].Grains.GetGrain<INotifierGrain>(keys[(i + 1) % keys.Count]).Notify($"from {keys[(i + 1) % keys.Count]}"));
        }

        Assert.Equal(keys.Select((_, i) => $"from {keys[(i + 1) % keys.Count]}"), received.Statuses);
    }

    [Fact]
    public async Task OneWayCalls_FromTheClientToGrainsAndFromGrainsToItsObserver_ArriveThroughTheGateway()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        await using var client = await cluster.StartGatewayClientAsync(cluster.Silos[0]);
        var ticks = new ConcurrentQueue<(string Key, int Tick)>();
        var observer = client.Grains.CreateObjectReference<ITickObserver>(new TickRecorder(ticks));
        var keys = OneKeyOwnedByEachSilo(cluster, "ticker");
        foreach (var key in keys)
        {
            await client.Grains.GetGrain<ITickerGrain>(key).Subscribe(observer);
            await client.Grains.GetGrain<ITickerGrain>(key).Poke(7);
        }

        foreach (var key in keys)
        {
            await Eventually.WaitUntilAsync(async () => await client.Grains.GetGrain<ITickerGrain>(key).LastPoke() == 7, $"the one-way poke reaches ticker {key}");
        }

        for (var i = 0; i < keys.Count; i++)
        {
            await cluster.Silos[i].Grains.GetGrain<ITickerGrain>(keys[i]).Tick(i + 1);
        }

        await Eventually.WaitUntilAsync(() => ticks.Count == keys.Count, "a one-way tick from each silo reaches the client");
        Assert.Equal(keys.Select((k, i) => (k, i + 1)).Order(), ticks.Order());
    }

    [Fact]
    public async Task ObserverOfStoppedClient_FailsAtOnce_NotAfterTheCallTimeout()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var client = await cluster.StartGatewayClientAsync(cluster.Silos[0]);
        var observer = client.Grains.CreateObjectReference<IStatusObserver>(new RecordingObserver());
        var observerId = ((IAddressable)observer).GrainId;
        await client.Grains.GetGrain<INotifierGrain>("dead-client").Subscribe(observer);
        await client.DisposeAsync();
        await Eventually.WaitUntilAsync(() => TestCluster.RuntimeOf(cluster.Silos[0]).ConnectedClients.Count == 0, "the gateway sees the client's connection closed");

        var elapsed = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ClientNotConnectedException>(() => cluster.Silos[1].Grains.GetGrain<IStatusObserver>(observerId).OnStatus("anyone?"));
        Assert.Contains(observerId.Key.Split('/')[0], error.Message, StringComparison.Ordinal);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10), $"the call failed after {elapsed.Elapsed}, not at once (the call timeout is 30 s)");
        Assert.Equal(0, await cluster.Silos[1].Grains.GetGrain<INotifierGrain>("dead-client").Notify("dropped"));
        Assert.Equal(0, await cluster.Silos[1].Grains.GetGrain<INotifierGrain>("dead-client").SubscriberCount());
    }

    [Fact]
    public async Task GatewayStopped_ClientMovesToAnother_CallsAndObserversGoOn()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        await using var client = await cluster.StartGatewayClientAsync(cluster.Silos[0], cluster.Silos[1]);
        var clusterClient = ClientOf(client);
        var gateway = cluster.Silos.Single(s => TestCluster.GatewayOf(s) == clusterClient.CurrentGateway);
        var oldGateway = TestCluster.GatewayOf(gateway);
        var moved = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        clusterClient.GatewayChanged += g => moved.TrySetResult(g);
        var received = new RecordingObserver();
        var observer = client.Grains.CreateObjectReference<IStatusObserver>(received);
        await client.Grains.GetGrain<INotifierGrain>("moving").Subscribe(observer);
        var notifying = cluster.Silos.First(s => s != gateway);
        Assert.Equal(1, await notifying.Grains.GetGrain<INotifierGrain>("moving").Notify("before the move")); // that silo now knows the old gateway

        await cluster.StopSiloAsync(gateway);

        var newGateway = await moved.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(oldGateway, newGateway);
        Assert.Equal(newGateway, clusterClient.CurrentGateway);
        await client.Grains.GetGrain<INotifierGrain>("moving").Subscribe(observer);
        Assert.Equal(1, await notifying.Grains.GetGrain<INotifierGrain>("moving").Notify("after the move"));
        Assert.Equal(["before the move", "after the move"], received.Statuses);
        foreach (var key in Enumerable.Range(0, 30).Select(i => $"m{i}"))
        {
            Assert.Equal(1, await client.Grains.GetGrain<ICounterGrain>(key).Increment());
        }
    }

    [Fact]
    public async Task GatewayShuttingDown_StillReachesItsClientsObservers_UntilItIsGone()
    {
        await using var cluster = await TestCluster.StartAsync(0);
        var gate = new Gate();
        var gateway = await cluster.AddSiloAsync(s => s.AddSingleton(gate));
        var other = await cluster.AddSiloAsync();
        await cluster.WaitForViewAsync();
        await using var client = await cluster.StartGatewayClientAsync(gateway);
        var received = new RecordingObserver();
        var observer = client.Grains.CreateObjectReference<IStatusObserver>(received);
        var notifierKey = Enumerable.Range(0, 1000).Select(i => $"notifier-{i}").First(k => RouterOf(other).Owns(new GrainId("notifier", k)));
        await client.Grains.GetGrain<INotifierGrain>(notifierKey).Subscribe(observer);

        // A grain on the gateway whose deactivation waits for the gate keeps the gateway in "shutting down".
        var slowKey = Enumerable.Range(0, 1000).Select(i => $"slow-{i}").First(k => RouterOf(gateway).Owns(new GrainId("slowtoleave", k)));
        await client.Grains.GetGrain<ISlowToLeaveGrain>(slowKey).Touch();
        cluster.Silos.Remove(gateway);
        var stopping = Task.Run(async () => await gateway.DisposeAsync());
        try
        {
            var leaving = gateway.Services.GetRequiredService<LocalSiloDetails>().Address;
            await Eventually.WaitUntilAsync(
                () => Task.FromResult(TestCluster.RuntimeOf(other).View.StatusOf(leaving) == JobHub.Runtime.Membership.SiloStatus.ShuttingDown),
                "the other silo sees the gateway shutting down",
                TimeSpan.FromSeconds(15));

            // The other silo never learned the client's gateway; it must still find the client there.
            Assert.Equal(1, await other.Grains.GetGrain<INotifierGrain>(notifierKey).Notify("while the gateway leaves"));
            Assert.Contains("while the gateway leaves", received.Statuses);
        }
        finally
        {
            gate.Open();
            await stopping;
        }
    }

    [Fact]
    public async Task GatewayGoneSilent_ClientMovesAfterMissedPings_WithinTheDetectionTime_CallInFlightEndsWithUnknownOutcome()
    {
        var gate = new Gate();
        await using var cluster = await TestCluster.StartAsync(0);
        var silent = await cluster.AddSiloAsync(s => s.AddSingleton(gate));
        await cluster.AddSiloAsync(s => s.AddSingleton(gate));
        await using var proxy = new TcpProxy(int.Parse(TestCluster.GatewayOf(silent).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        await using var client = await RuntimeTestSilo.StartAsync(runtime => runtime.UseGatewayClient(o =>
        {
            o.Gateways = [$"127.0.0.1:{proxy.Port}"]; // the silos' own addresses are learned from this gateway
            o.ClusterId = cluster.ClusterId;
            o.ProbePeriod = TimeSpan.FromMilliseconds(300);
            o.ProbeTimeout = TimeSpan.FromMilliseconds(300);
        }));
        var clusterClient = ClientOf(client);
        Assert.Equal(3, clusterClient.Gateways.Count);
        var moved = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        clusterClient.GatewayChanged += g => moved.TrySetResult(g);

        var inFlight = client.Grains.GetGrain<IGatedGrain>("in-flight").WaitAtGate();
        await Eventually.WaitUntilAsync(() => gate.Inside == 1, "the client's call is running on its silo");

        proxy.Freeze();
        var frozenAt = Stopwatch.StartNew();

        var newGateway = await moved.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var lost = await Assert.ThrowsAsync<UnknownOutcomeException>(() => inFlight);
        Assert.Contains("may or may not have run", lost.Message, StringComparison.Ordinal);
        gate.Open();
        Assert.NotEqual($"127.0.0.1:{proxy.Port}", newGateway);
        Assert.True(frozenAt.Elapsed < TimeSpan.FromSeconds(10), $"the client left its silent gateway after {frozenAt.Elapsed}, not within the 10 s detection time");
        Assert.Equal(newGateway, clusterClient.CurrentGateway);
        Assert.Equal(1, await client.Grains.GetGrain<ICounterGrain>("after-silence").Increment());
    }

    [Fact]
    public async Task SiloAddedAfterTheClientStarted_IsLearned_AndUsedWhenTheConfiguredGatewaysAreGone()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        await using var client = await cluster.StartGatewayClientAsync(cluster.Silos[0]);
        var clusterClient = ClientOf(client);
        Assert.Equal(cluster.Silos.Select(TestCluster.GatewayOf).Order(), clusterClient.Gateways.Order());

        var added = await cluster.AddSiloAsync();
        var addedGateway = TestCluster.GatewayOf(added);
        await Eventually.WaitUntilAsync(() => clusterClient.Gateways.Contains(addedGateway), "the client learns of the silo added after it started", TimeSpan.FromSeconds(30));

        await cluster.StopSiloAsync(cluster.Silos[0]);
        await cluster.StopSiloAsync(cluster.Silos[0]);

        await Eventually.WaitUntilAsync(() => clusterClient.CurrentGateway == addedGateway, "the client moves to the only gateway left, which it was never configured with");
        Assert.Equal(1, await client.Grains.GetGrain<ICounterGrain>("learned").Increment());
    }

    [Fact]
    public async Task EmptyGatewayList_OrUnparsableAddress_StopsTheClientAtStart_NamingTheSetting()
    {
        var empty = await Assert.ThrowsAnyAsync<Exception>(() => RuntimeTestSilo.StartAsync(r => r.UseGatewayClient(o => o.Gateways = [])));
        Assert.Contains("Gateways must list at least one gateway address", empty.Message, StringComparison.Ordinal);

        var bad = await Assert.ThrowsAnyAsync<Exception>(() => RuntimeTestSilo.StartAsync(r => r.UseGatewayClient(o => o.Gateways = ["127.0.0.1:11111", "no-port", "host:99999"])));
        Assert.Contains("Gateways[1] 'no-port' is not a gateway address", bad.Message, StringComparison.Ordinal);
        Assert.Contains("Gateways[2] 'host:99999' is not a gateway address", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewaysFromConfiguration_AreValidatedAndUsed()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["JobHub:GatewayClient:Gateways:0"] = "from-config-without-port" })
            .Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => RuntimeTestSilo.StartAsync(
            r => r.UseGatewayClient(),
            s => s.AddSingleton<IConfiguration>(configuration)));

        Assert.Contains("Gateways[0] 'from-config-without-port' is not a gateway address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableGateways_StopTheClientAtStart_NamingEachGateway()
    {
        var first = $"127.0.0.1:{FreePort.Next()}";
        var second = $"127.0.0.1:{FreePort.Next()}";

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => RuntimeTestSilo.StartAsync(r => r.UseGatewayClient(o => o.Gateways = [first, second])));

        Assert.Contains("could not connect to any of its 2 gateways", error.Message, StringComparison.Ordinal);
        Assert.Contains(first, error.Message, StringComparison.Ordinal);
        Assert.Contains(second, error.Message, StringComparison.Ordinal);
    }

    private static IClusterClient ClientOf(TestSilo client) => client.Services.GetRequiredService<IClusterClient>();

    private static ClusterMessageRouter RouterOf(TestSilo silo) => silo.Services.GetRequiredService<ClusterMessageRouter>();

    private static List<string> OneKeyOwnedByEachSilo(TestCluster cluster, string grainType) =>
        [.. cluster.Silos.Select(silo => Enumerable.Range(0, 1000).Select(i => $"k{i}").First(k => RouterOf(silo).Owns(new GrainId(grainType, k))))];

    private sealed class TickRecorder(ConcurrentQueue<(string Key, int Tick)> ticks) : ITickObserver
    {
        public Task OnTick(string grainKey, int tick)
        {
            ticks.Enqueue((grainKey, tick));
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingObserver : IStatusObserver
    {
        public ConcurrentQueue<string> Statuses { get; } = new();

        public Task OnStatus(string status)
        {
            Statuses.Enqueue(status);
            return Task.CompletedTask;
        }
    }
}
