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
        for (var i = 0; i < Frames; i++)
        {
            await manager.SendOneWayAsync(listener.Address, payload);
        }

        await Eventually.WaitUntilAsync(() => Volatile.Read(ref received) == Frames, $"all {Frames} one-way frames arrive");
        var writes = connection.SocketWrites - writesBefore;
        Assert.True(writes <= Frames / 10, $"{Frames} frames took {writes} socket writes; batching should need at most {Frames / 10}");
        Assert.True(writes >= 1);
        Assert.Equal(Frames + 1, instruments.Snapshot().FramesSent);
    }
}
