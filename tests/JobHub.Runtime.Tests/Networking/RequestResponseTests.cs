using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using JobHub.Runtime.Networking;
using JobHub.Testing;
using static JobHub.Runtime.Tests.Networking.TransportHarness;

namespace JobHub.Runtime.Tests.Networking;

public sealed class RequestResponseTests
{
    [Fact]
    public async Task Request_RoundTripsThroughTheHandler()
    {
        await using var harness = new TransportHarness();
        InboundMessage? seen = null;
        var listener = harness.StartListener((message, _) =>
        {
            seen = message;
            return ValueTask.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes("re: " + Encoding.UTF8.GetString(message.Payload.Span)));
        });
        var manager = harness.CreateManager();

        var answer = await manager.SendRequestAsync(listener.Address, Encoding.UTF8.GetBytes("hello"), Soon(), FrameFlags.ReadOnly);

        Assert.Equal("re: hello", Encoding.UTF8.GetString(answer.Span));
        Assert.NotNull(seen);
        Assert.Equal(FrameKind.Request, seen.Kind);
        Assert.Equal(FrameFlags.ReadOnly, seen.Flags);
        Assert.Equal(new SiloAddress("127.0.0.1", 1, 1), seen.Sender.Silo);
        Assert.InRange(seen.Deadline!.Value, TimeProvider.System.GetUtcNow(), TimeProvider.System.GetUtcNow().AddSeconds(21));
    }

    [Fact]
    public async Task TenThousandConcurrentRequests_AreAllAnsweredWithTheirOwnResult()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener(async (message, _) =>
        {
            // Half answer later, so answers come back out of order.
            var n = BinaryPrimitives.ReadInt32LittleEndian(message.Payload.Span);
            if (n % 2 == 0)
            {
                await Task.Yield();
            }

            var result = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(result, n * 3);
            return result;
        });
        // A queue smaller than the burst: some senders wait for room on the way.
        var manager = harness.CreateManager(Options(o => o.SendQueueCapacity = 1024));

        // Callers run on the thread pool, as runtime callers do, not on xUnit's two-thread synchronization
        // context (measured: there the waiting senders' continuations queue up behind each other, 5-14 s).
        var results = await Task.Run(() => Task.WhenAll(Enumerable.Range(0, 10_000).Select(async n =>
        {
            var payload = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(payload, n);
            var answer = await manager.SendRequestAsync(listener.Address, payload, Soon());
            return (n, result: BinaryPrimitives.ReadInt32LittleEndian(answer.Span));
        })));

        Assert.All(results, r => Assert.Equal(r.n * 3, r.result));
        Assert.Single(listener.Connections);
    }

    [Fact]
    public async Task OneWay_IsDeliveredToTheHandlerWithoutAnAnswer()
    {
        await using var harness = new TransportHarness();
        var delivered = new TaskCompletionSource<InboundMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = harness.StartListener((message, _) =>
        {
            delivered.TrySetResult(message);
            return ValueTask.FromResult(ReadOnlyMemory<byte>.Empty);
        });
        var managerInstruments = new NetworkingInstruments();
        var manager = harness.CreateManager(instruments: managerInstruments);

        await manager.SendOneWayAsync(listener.Address, Encoding.UTF8.GetBytes("fire"));
        var message = await delivered.Task.WaitAsync(Eventually.DefaultTimeout);

        Assert.True(message.IsOneWay);
        Assert.Equal(0, message.RequestId);
        Assert.Null(message.Deadline);
        Assert.Equal("fire", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal(0, manager.CurrentConnection(listener.Address)!.PendingRequestCount);
        Assert.Equal(0, managerInstruments.Snapshot().FramesReceived);
    }

    [Fact]
    public async Task HandlerException_ReachesTheCallerWithTypeAndMessage()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener((_, _) => throw new InvalidOperationException("no such grain"));
        var manager = harness.CreateManager();

        var error = await Assert.ThrowsAsync<RemoteRequestFailedException>(() => manager.SendRequestAsync(listener.Address, new byte[1], Soon()));

        Assert.Equal(FrameKind.Error, error.Kind);
        Assert.Contains("System.InvalidOperationException: no such grain", error.Message);
    }

    [Fact]
    public async Task Ping_IsAnsweredByTheTransportWithoutTheHandler()
    {
        await using var harness = new TransportHarness();
        var handled = 0;
        var listener = harness.StartListener((message, _) =>
        {
            Interlocked.Increment(ref handled);
            return ValueTask.FromResult(message.Payload);
        });
        var manager = harness.CreateManager();

        var roundTrip = await manager.PingAsync(listener.Address, Soon());

        Assert.True(roundTrip > TimeSpan.Zero);
        Assert.Equal(0, handled);
    }

    [Fact]
    public async Task Meter_PublishesBytesFramesAndConnections()
    {
        var instruments = new NetworkingInstruments();
        var totals = new ConcurrentDictionary<string, long>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == instruments.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((i, value, _, _) => totals.AddOrUpdate(i.Name, value, (_, old) => old + value));
        meterListener.Start();
        await using var harness = new TransportHarness();
        var listener = harness.StartListener(Echo);
        var manager = harness.CreateManager(instruments: instruments);

        await manager.SendRequestAsync(listener.Address, new byte[100], Soon());
        var stats = instruments.Snapshot();

        Assert.Equal(NetworkingInstruments.MeterName, instruments.Meter.Name);
        Assert.Equal(1, stats.FramesSent);
        Assert.Equal(1, stats.FramesReceived);
        Assert.Equal(1, stats.OpenConnections);
        Assert.True(stats.BytesSent >= 100 + FrameCodec.HeaderSize);
        Assert.True(stats.BytesReceived >= 100 + FrameCodec.HeaderSize);
        Assert.Equal(1, totals.GetValueOrDefault("jobhub.network.frames.sent"));
        Assert.Equal(stats.BytesReceived, totals.GetValueOrDefault("jobhub.network.bytes.received"));
        Assert.Equal(1, totals.GetValueOrDefault("jobhub.network.connections"));
    }
}
