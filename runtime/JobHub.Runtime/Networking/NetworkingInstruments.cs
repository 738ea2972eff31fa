using System.Diagnostics.Metrics;

namespace JobHub.Runtime.Networking;

/// <summary>
/// The transport's meter ("JobHub.Runtime.Networking") plus running totals that
/// <see cref="Snapshot"/> reports without a metrics listener attached.
/// </summary>
public sealed class NetworkingInstruments : IDisposable
{
    public const string MeterName = "JobHub.Runtime.Networking";

    private readonly Meter _meter;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _framesSent;
    private readonly Counter<long> _framesReceived;
    private readonly Counter<long> _socketWrites;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _connectFailures;
    private readonly Counter<long> _dropped;
    private long _bytesSentTotal;
    private long _bytesReceivedTotal;
    private long _framesSentTotal;
    private long _framesReceivedTotal;
    private long _socketWritesTotal;
    private long _openConnections;
    private long _connectFailuresTotal;
    private long _timedOut;
    private long _lateResponses;
    private long _expiredRequests;
    private long _oversize;

    public NetworkingInstruments(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _bytesSent = _meter.CreateCounter<long>("jobhub.network.bytes.sent", "By", "Bytes written to sockets, frame headers included");
        _bytesReceived = _meter.CreateCounter<long>("jobhub.network.bytes.received", "By", "Bytes read from sockets");
        _framesSent = _meter.CreateCounter<long>("jobhub.network.frames.sent", "{frame}", "Frames written");
        _framesReceived = _meter.CreateCounter<long>("jobhub.network.frames.received", "{frame}", "Frames read");
        _socketWrites = _meter.CreateCounter<long>("jobhub.network.socket.writes", "{write}", "Socket write calls; far fewer than frames when batching works");
        _connections = _meter.CreateUpDownCounter<long>("jobhub.network.connections", "{connection}", "Open connections, by direction");
        _connectFailures = _meter.CreateCounter<long>("jobhub.network.connect.failures", "{attempt}", "Failed connection attempts, handshake refusals included");
        _dropped = _meter.CreateCounter<long>("jobhub.network.dropped", "{frame}", "Requests timed out, late responses and expired requests dropped, oversize frames refused; by reason");
    }

    /// <summary>This instance's meter (several instances share the name; tests tell them apart by this).</summary>
    internal Meter Meter => _meter;

    public NetworkingStatistics Snapshot() => new(
        Interlocked.Read(ref _bytesSentTotal),
        Interlocked.Read(ref _bytesReceivedTotal),
        Interlocked.Read(ref _framesSentTotal),
        Interlocked.Read(ref _framesReceivedTotal),
        Interlocked.Read(ref _socketWritesTotal),
        Interlocked.Read(ref _openConnections),
        Interlocked.Read(ref _connectFailuresTotal),
        Interlocked.Read(ref _timedOut),
        Interlocked.Read(ref _lateResponses),
        Interlocked.Read(ref _expiredRequests),
        Interlocked.Read(ref _oversize));

    public void Dispose() => _meter.Dispose();

    internal void SocketWrite(int bytes)
    {
        Interlocked.Increment(ref _socketWritesTotal);
        Interlocked.Add(ref _bytesSentTotal, bytes);
        _socketWrites.Add(1);
        _bytesSent.Add(bytes);
    }

    internal void SocketRead(int bytes)
    {
        Interlocked.Add(ref _bytesReceivedTotal, bytes);
        _bytesReceived.Add(bytes);
    }

    internal void FrameSent()
    {
        Interlocked.Increment(ref _framesSentTotal);
        _framesSent.Add(1);
    }

    internal void FrameReceived()
    {
        Interlocked.Increment(ref _framesReceivedTotal);
        _framesReceived.Add(1);
    }

    internal void ConnectionOpened(bool inbound)
    {
        Interlocked.Increment(ref _openConnections);
        _connections.Add(1, new KeyValuePair<string, object?>("direction", inbound ? "inbound" : "outbound"));
    }

    internal void ConnectionClosed(bool inbound)
    {
        Interlocked.Decrement(ref _openConnections);
        _connections.Add(-1, new KeyValuePair<string, object?>("direction", inbound ? "inbound" : "outbound"));
    }

    internal void ConnectFailed()
    {
        Interlocked.Increment(ref _connectFailuresTotal);
        _connectFailures.Add(1);
    }

    internal void RequestTimedOut() => Dropped(ref _timedOut, "timeout");

    internal void LateResponseDropped() => Dropped(ref _lateResponses, "late_response");

    internal void ExpiredRequestDropped() => Dropped(ref _expiredRequests, "expired_request");

    internal void OversizeFrameRejected() => Dropped(ref _oversize, "oversize");

    private void Dropped(ref long total, string reason)
    {
        Interlocked.Increment(ref total);
        _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }
}
