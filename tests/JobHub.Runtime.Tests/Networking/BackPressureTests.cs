using JobHub.Runtime.Networking;
using JobHub.Testing;
using static JobHub.Runtime.Tests.Networking.TransportHarness;

namespace JobHub.Runtime.Tests.Networking;

[Collection(SerialCollection.Name)]
public sealed class BackPressureTests
{
    [Fact]
    public async Task StalledReceiver_MakesSendersWait_AndTheyResumeWhenItDrains()
    {
        await using var harness = new TransportHarness();
        await using var peer = new StalledPeer();
        var manager = harness.CreateManager(Options(o =>
        {
            o.SendQueueCapacity = 4;
            o.MaxFramePayloadBytes = 1024 * 1024;
        }));
        var accepted = peer.AcceptAsync();
        var payload = new byte[256 * 1024];

        // The socket buffers absorb a few MB; then the writer blocks, the queue fills and a send must wait.
        await manager.SendOneWayAsync(peer.Address, payload);
        await accepted;
        var sent = 1;
        ValueTask waiting = default;
        while (sent < 2_000)
        {
            waiting = manager.SendOneWayAsync(peer.Address, payload);
            if (!waiting.IsCompleted)
            {
                break;
            }

            await waiting;
            sent++;
        }

        Assert.False(waiting.IsCompleted, $"a send waits for room once the receiver stalls (sent {sent} frames without waiting)");
        var connection = manager.CurrentConnection(peer.Address)!;
        Assert.InRange(connection.QueuedFrames, 0, 4); // bounded: the queue never holds more than its capacity

        var draining = peer.DrainAsync();
        await waiting.AsTask().WaitAsync(Eventually.DefaultTimeout);
        var expected = (sent + 1L) * (FrameCodec.HeaderSize + payload.Length);
        await Eventually.WaitUntilAsync(() => peer.BytesDrained >= expected, $"the receiver gets all {sent + 1} frames ({expected} bytes)");
        Assert.Equal(0, connection.QueuedFrames);
        Assert.False(draining.IsFaulted);
    }

    [Fact]
    public async Task AnswersAreNotHeldBackByAFullQueue()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener(Echo, options: Options(o => o.SendQueueCapacity = 1));
        var manager = harness.CreateManager(Options(o => o.SendQueueCapacity = 1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => manager.SendRequestAsync(listener.Address, new[] { (byte)i }, Soon())));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (byte)i), answers.Select(a => a.Span[0]));
    }
}
