using System.Net;
using System.Net.Sockets;
using JobHub.Runtime.Networking;

namespace JobHub.Runtime.Tests.Networking;

/// <summary>
/// A raw TCP peer that accepts the handshake like a silo and then reads nothing until told to drain:
/// a stalled receiver, so the sender's socket buffers and then its send queue fill up.
/// </summary>
internal sealed class StalledPeer : IAsyncDisposable
{
    private readonly Socket _listener;
    private Socket? _connection;
    private long _bytesDrained;

    public StalledPeer(long generation = 1)
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        Address = new SiloAddress("127.0.0.1", ((IPEndPoint)_listener.LocalEndPoint!).Port, generation);
    }

    public SiloAddress Address { get; }

    public long BytesDrained => Interlocked.Read(ref _bytesDrained);

    /// <summary>Accepts one connection and answers its handshake; reads nothing after it.</summary>
    public async Task AcceptAsync()
    {
        _connection = await _listener.AcceptAsync();
        var header = new byte[FrameCodec.HeaderSize];
        await ReadExactlyAsync(header);
        var hello = new byte[FrameCodec.ReadHeader(header).PayloadLength];
        await ReadExactlyAsync(hello);
        var answer = System.Text.Encoding.UTF8.GetBytes(Address.ToString());
        var frame = new byte[FrameCodec.HeaderSize + answer.Length];
        FrameCodec.WriteHeader(frame, new FrameHeader(FrameKind.HandshakeAccepted, FrameFlags.None, 0, 0, answer.Length));
        answer.CopyTo(frame, FrameCodec.HeaderSize);
        await _connection.SendAsync(frame);
    }

    /// <summary>Starts reading (and discarding) everything the sender wrote and will write.</summary>
    public Task DrainAsync() => Task.Run(async () =>
    {
        var buffer = new byte[256 * 1024];
        int read;
        while ((read = await _connection!.ReceiveAsync(buffer)) > 0)
        {
            Interlocked.Add(ref _bytesDrained, read);
        }
    });

    public ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReadExactlyAsync(byte[] buffer)
    {
        var offset = 0;
        while (offset < buffer.Length)
        {
            var read = await _connection!.ReceiveAsync(buffer.AsMemory(offset));
            if (read == 0)
            {
                throw new IOException("The sender closed the connection during the handshake.");
            }

            offset += read;
        }
    }
}
