using JobHub.Runtime.Networking;
using JobHub.Testing;
using static JobHub.Runtime.Tests.Networking.TransportHarness;

namespace JobHub.Runtime.Tests.Networking;

[Collection(SerialCollection.Name)]
public sealed class BatchingTests
{
    [Fact]
    public async Task BurstOfSmallFrames_GoesOutInFarFewerSocketWrites()
    {
        const int Frames = 10_000;
        await using var harness = new TransportHarness();
        var received = 0;
        var listener = harness.StartListener((_, _) =>
        {
            Interlocked.Increment(ref received);
            return ValueTask.FromResult(ReadOnlyMemory<byte>.Empty);
        });
        var instruments = new NetworkingInstruments();
        var manager = harness.CreateManager(Options(o => o.SendQueueCapacity = Frames), instruments: instruments);
        await manager.PingAsync(listener.Address, Soon());
        var connection = manager.CurrentConnection(listener.Address)!;
        var writesBefore = connection.SocketWrites;

        var payload = new byte[16];
        // The burst is sent while the socket takes nothing (the loop's first write, once it starts, waits), as behind
        // a slow network: however the threads are scheduled, the write loop finds the rest of the burst queued.
        connection.HoldSocketWrites();
        try
        {
            for (var i = 0; i < Frames; i++)
            {
                await manager.SendOneWayAsync(listener.Address, payload);
            }

            Assert.True(connection.SocketWrites - writesBefore <= 1, "while writes are held, at most the first one has started");
        }
        finally
        {
            connection.ReleaseSocketWrites();
        }

        await Eventually.WaitUntilAsync(() => Volatile.Read(ref received) == Frames, $"all {Frames} one-way frames arrive");
        var writes = connection.SocketWrites - writesBefore;
        // 10,000 frames of 40 bytes are about seven batches of MaxBatchBytes (64 KiB): a dozen writes or so.
        Assert.True(writes <= Frames / 100, $"{Frames} frames took {writes} socket writes; batching should need at most {Frames / 100}");
        Assert.True(writes >= 1);
        Assert.Equal(Frames + 1, instruments.Snapshot().FramesSent);
    }
}
