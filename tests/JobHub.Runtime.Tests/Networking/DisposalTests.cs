using JobHub.Runtime.Networking;
using JobHub.Testing;
using static JobHub.Runtime.Tests.Networking.TransportHarness;

namespace JobHub.Runtime.Tests.Networking;

public sealed class DisposalTests
{
    [Fact]
    public async Task ListenerStoppedWhileAnswersAreStuckOnASlowSocket_StopsCleanly()
    {
        const int Requests = 16;
        await using var harness = new TransportHarness();
        var answer = new byte[1024 * 1024];
        var served = 0;
        var listener = harness.StartListener((_, _) =>
        {
            Interlocked.Increment(ref served);
            return ValueTask.FromResult<ReadOnlyMemory<byte>>(answer);
        });
        using var peer = new DeafPeer();
        await peer.ConnectAsync(listener.Address);
        for (var i = 1; i <= Requests; i++)
        {
            await peer.SendRequestAsync(i);
        }

        // 16 MiB of answers cannot fit in the socket buffers of a peer that reads nothing: the write loop is mid-flush.
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref served) == Requests, $"the listener serves all {Requests} requests");
        var connection = Assert.Single(listener.Connections);
        await Eventually.WaitUntilAsync(() => connection.SocketWrites > 1, "the listener starts writing the answers");

        await listener.DisposeAsync();

        Assert.True(connection.IsClosed);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task PeersHangingUpWhileTheListenerStops_StopsCleanly()
    {
        const int Peers = 3;
        const int RequestsEach = 4;
        var answer = new byte[1024 * 1024];
        for (var round = 0; round < 20; round++)
        {
            await using var harness = new TransportHarness();
            var served = 0;
            var listener = harness.StartListener((_, _) =>
            {
                Interlocked.Increment(ref served);
                return ValueTask.FromResult<ReadOnlyMemory<byte>>(answer);
            });
            var peers = Enumerable.Range(0, Peers).Select(_ => new DeafPeer()).ToList();
            foreach (var peer in peers)
            {
                await peer.ConnectAsync(listener.Address);
                for (var i = 1; i <= RequestsEach; i++)
                {
                    await peer.SendRequestAsync(i);
                }
            }

            await Eventually.WaitUntilAsync(() => Volatile.Read(ref served) == Peers * RequestsEach, "the listener serves every request");
            await Eventually.WaitUntilAsync(() => listener.Connections.Count == Peers && listener.Connections.All(c => c.SocketWrites > 1), "the listener starts writing every answer");

            // Each inbound connection sees its peer go (reset mid-answer) and disposes itself while the listener disposes them all.
            var stopping = listener.DisposeAsync().AsTask();
            peers.ForEach(peer => peer.Dispose());
            await stopping;
        }
    }

    [Fact]
    public async Task Connection_DisposedTwiceAtOnce_DisposesOnce()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener(Echo);
        var manager = harness.CreateManager();
        await manager.PingAsync(listener.Address, Soon());
        var connection = manager.CurrentConnection(listener.Address)!;

        await Task.WhenAll(connection.DisposeAsync().AsTask(), connection.DisposeAsync().AsTask());
        await connection.DisposeAsync();

        Assert.True(connection.IsClosed);
        var next = await manager.SendRequestAsync(listener.Address, new byte[] { 9 }, Soon());
        Assert.Equal(9, next.Span[0]);
    }

    [Fact]
    public async Task Manager_DisposedTwiceAtOnce_ClosesItsConnectionsOnce_AndRefusesNewCalls()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener(Echo);
        var manager = harness.CreateManager();
        await manager.PingAsync(listener.Address, Soon());
        var connection = manager.CurrentConnection(listener.Address)!;

        await Task.WhenAll(manager.DisposeAsync().AsTask(), manager.DisposeAsync().AsTask(), manager.DisposeAsync().AsTask());

        Assert.True(connection.IsClosed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => manager.SendRequestAsync(listener.Address, new byte[] { 9 }, Soon()));
    }
}
