using JobHub.Runtime.Networking;
using static JobHub.Runtime.Tests.Networking.TransportHarness;

namespace JobHub.Runtime.Tests.Networking;

public sealed class FrameLimitTests
{
    [Fact]
    public async Task OversizePayload_IsRefusedBeforeSending()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener(Echo);
        var manager = harness.CreateManager(Options(o => o.MaxFramePayloadBytes = 2048));

        var error = await Assert.ThrowsAsync<FrameTooLargeException>(() => manager.SendRequestAsync(listener.Address, new byte[4096], Soon()));
        await Assert.ThrowsAsync<FrameTooLargeException>(() => manager.SendOneWayAsync(listener.Address, new byte[4096]).AsTask());

        Assert.Contains("4096 bytes exceeds the limit of 2048 bytes", error.Message);
        Assert.Equal(2048, (await manager.SendRequestAsync(listener.Address, new byte[2048], Soon())).Length);
    }

    [Fact]
    public async Task OversizeFrameArriving_IsRejectedAndTheConnectionSurvives()
    {
        await using var harness = new TransportHarness();
        var listenerInstruments = new NetworkingInstruments();
        var listener = harness.StartListener(Echo, options: Options(o => o.MaxFramePayloadBytes = 1024), instruments: listenerInstruments);
        var manager = harness.CreateManager(Options(o => o.MaxFramePayloadBytes = 1024 * 1024));
        await manager.SendRequestAsync(listener.Address, new byte[10], Soon());
        var connection = manager.CurrentConnection(listener.Address);

        var error = await Assert.ThrowsAsync<RemoteRequestFailedException>(() => manager.SendRequestAsync(listener.Address, new byte[300_000], Soon()));

        Assert.Equal(FrameKind.Reject, error.Kind);
        Assert.Contains("300000 bytes exceeds the receiver's limit of 1024 bytes", error.Message);
        Assert.Equal(1, listenerInstruments.Snapshot().OversizeFramesRejected);
        var after = await manager.SendRequestAsync(listener.Address, new byte[] { 9 }, Soon());
        Assert.Equal(9, after.Span[0]);
        Assert.Same(connection, manager.CurrentConnection(listener.Address));
    }

    [Fact]
    public async Task OversizeResponse_FailsTheCallWithAClearError()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener((_, _) => ValueTask.FromResult<ReadOnlyMemory<byte>>(new byte[8192]), options: Options(o => o.MaxFramePayloadBytes = 4096));
        var manager = harness.CreateManager();

        var error = await Assert.ThrowsAsync<RemoteRequestFailedException>(() => manager.SendRequestAsync(listener.Address, new byte[1], Soon()));

        Assert.Contains("response of 8192 bytes exceeds the limit of 4096 bytes", error.Message);
    }
}
