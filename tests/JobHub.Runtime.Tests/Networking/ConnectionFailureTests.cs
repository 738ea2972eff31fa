using System.Net;
using System.Net.Sockets;
using JobHub.Runtime.Networking;
using JobHub.Testing;
using static JobHub.Runtime.Tests.Networking.TransportHarness;

namespace JobHub.Runtime.Tests.Networking;

public sealed class ConnectionFailureTests
{
    [Fact]
    public async Task KilledConnection_FailsEveryPendingCallWithUnknownOutcome()
    {
        await using var harness = new TransportHarness();
        var started = 0;
        var never = new TaskCompletionSource<ReadOnlyMemory<byte>>();
        var listener = harness.StartListener((_, _) =>
        {
            Interlocked.Increment(ref started);
            return new ValueTask<ReadOnlyMemory<byte>>(never.Task);
        });
        var manager = harness.CreateManager();

        var calls = Enumerable.Range(0, 3).Select(_ => manager.SendRequestAsync(listener.Address, new byte[1], Soon())).ToList();
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref started) == 3, "the three requests reach the handler");
        listener.Connections.Single().Close(new IOException("killed by the test"));

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<ConnectionLostException>(() => call);
            Assert.Contains("outcome is unknown", error.Message);
        }
    }

    [Fact]
    public async Task UnreachableSilo_FailsFast_ThenWaitsForTheBackoffBeforeTryingAgain()
    {
        await using var harness = new TransportHarness();
        var instruments = new NetworkingInstruments();
        var manager = harness.CreateManager(Options(o => o.ReconnectInitialBackoff = o.ReconnectMaxBackoff = TimeSpan.FromMinutes(5)), instruments: instruments);
        var nobody = new SiloAddress("127.0.0.1", FreePort(), 1);

        var first = await Assert.ThrowsAsync<SiloUnreachableException>(() => manager.SendRequestAsync(nobody, new byte[1], Soon()));
        var second = await Assert.ThrowsAsync<SiloUnreachableException>(() => manager.SendRequestAsync(nobody, new byte[1], Soon()));

        Assert.Contains($"Could not connect to silo {nobody}", first.Message);
        Assert.Contains("next attempt is allowed in", second.Message);
        Assert.Equal(1, instruments.Snapshot().ConnectFailures);
    }

    [Fact]
    public async Task ListenerRestartedOnTheSamePort_IsReconnectedTo()
    {
        await using var harness = new TransportHarness();
        var first = harness.StartListener(Echo);
        var address = first.Address;
        var manager = harness.CreateManager();
        await manager.SendRequestAsync(address, new byte[] { 1 }, Soon());
        var oldConnection = manager.CurrentConnection(address)!;

        await first.DisposeAsync();
        await oldConnection.Closed.WaitAsync(Eventually.DefaultTimeout);
        await Assert.ThrowsAsync<SiloUnreachableException>(() => manager.SendRequestAsync(address, new byte[] { 2 }, Soon()));
        harness.StartListener(Echo, address.Generation, address.Port);

        ReadOnlyMemory<byte> answer = default;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    answer = await manager.SendRequestAsync(address, new byte[] { 3 }, Soon());
                    return true;
                }
                catch (SiloUnreachableException)
                {
                    return false;
                }
            },
            "a call succeeds once the backoff after the failed attempt has passed");
        Assert.Equal(3, answer.Span[0]);
        Assert.NotSame(oldConnection, manager.CurrentConnection(address));
    }

    [Fact]
    public async Task MarkDead_FailsPendingAndLaterCallsAtOnce_AndClosesTheConnections()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener((message, _) => message.Payload.Span[0] == 0
            ? new ValueTask<ReadOnlyMemory<byte>>(new TaskCompletionSource<ReadOnlyMemory<byte>>().Task)
            : ValueTask.FromResult(message.Payload));
        var manager = harness.CreateManager(dead: harness.Dead);
        await manager.SendRequestAsync(listener.Address, new byte[] { 1 }, Soon());
        var inFlight = manager.SendRequestAsync(listener.Address, new byte[] { 0 }, Soon());
        await Eventually.WaitUntilAsync(() => manager.CurrentConnection(listener.Address)!.PendingRequestCount == 1, "the request is in flight");

        manager.MarkDead(listener.Address);
        var later = manager.SendRequestAsync(listener.Address, new byte[] { 1 }, Soon());

        Assert.True(later.IsFaulted, "a call to a dead silo fails without waiting for anything");
        Assert.IsType<SiloDeadException>(later.Exception!.InnerException);
        var lost = await Assert.ThrowsAsync<ConnectionLostException>(() => inFlight);
        Assert.Contains("declared dead", lost.Message);
        Assert.Null(manager.CurrentConnection(listener.Address));
        await Eventually.WaitUntilAsync(() => listener.Connections.Count == 0, "the listener closes the dead silo's inbound connection too");
        await Assert.ThrowsAsync<SiloDeadException>(() => manager.SendOneWayAsync(listener.Address, new byte[1]).AsTask());
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
