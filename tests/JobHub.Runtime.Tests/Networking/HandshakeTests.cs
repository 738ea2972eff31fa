using JobHub.Runtime.Networking;
using static JobHub.Runtime.Tests.Networking.TransportHarness;

namespace JobHub.Runtime.Tests.Networking;

public sealed class HandshakeTests
{
    [Fact]
    public async Task ConnectionForAnotherCluster_IsRefused()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener(Echo, options: Options(o => o.ClusterId = "prod"));
        var manager = harness.CreateManager(Options(o => o.ClusterId = "staging"));

        var error = await Assert.ThrowsAsync<HandshakeRejectedException>(() => manager.SendRequestAsync(listener.Address, new byte[1], Soon()));

        Assert.Contains("cluster 'staging'", error.Message);
        Assert.Contains("cluster 'prod'", error.Message);
        Assert.Empty(listener.Connections);
    }

    [Fact]
    public async Task ConnectionForAnEarlierGenerationOfTheSilo_IsRefused()
    {
        await using var harness = new TransportHarness();
        var restarted = harness.StartListener(Echo, generation: 2);
        var predecessor = restarted.Address with { Generation = 1 };
        var manager = harness.CreateManager();

        var error = await Assert.ThrowsAsync<HandshakeRejectedException>(() => manager.SendRequestAsync(predecessor, new byte[1], Soon()));

        Assert.Contains($"for silo incarnation {predecessor}", error.Message);
        Assert.Contains("generation 2", error.Message);
        Assert.Empty(restarted.Connections);
        var answer = await manager.SendRequestAsync(restarted.Address, new byte[] { 5 }, Soon());
        Assert.Equal(5, answer.Span[0]);
    }

    [Fact]
    public async Task ConnectionFromASiloDeclaredDead_IsRefused()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener(Echo);
        harness.Dead.MarkDead(new SiloAddress("127.0.0.1", 1, 1));
        var manager = harness.CreateManager();

        var error = await Assert.ThrowsAsync<HandshakeRejectedException>(() => manager.SendRequestAsync(listener.Address, new byte[1], Soon()));

        Assert.Contains("declared dead", error.Message);
    }

    [Fact]
    public void HandshakeRequest_RoundTripsForSilosAndClients()
    {
        var target = new SiloAddress("10.0.0.5", 11111, 638000000000);
        var fromSilo = new HandshakeRequest(1, "prod", PeerIdentity.ForSilo(new SiloAddress("10.0.0.4", 11111, 42)), target);
        var fromClient = new HandshakeRequest(1, "prod", PeerIdentity.ForClient("cli-7"), target);

        Assert.Equal(fromSilo, HandshakeRequest.Decode(fromSilo.Encode()));
        Assert.Equal(fromClient, HandshakeRequest.Decode(fromClient.Encode()));
        Assert.Throws<InvalidDataException>(() => HandshakeRequest.Decode(fromSilo.Encode().AsSpan(0, 10)));
    }
}
