using System.Net;
using System.Net.Sockets;
using JobHub.Runtime.Networking;

namespace JobHub.Runtime.Tests.Networking;

/// <summary>
/// A raw TCP peer that connects to a listener like a silo, sends requests and never reads their answers:
/// the listener's answers pile up in the socket buffers and its write loop stays in the middle of a flush.
/// </summary>
internal sealed class DeafPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };

    /// <summary>Connects and sends the handshake; reads nothing, not even the answer to it.</summary>
    public async Task ConnectAsync(SiloAddress listener)
    {
        await _socket.ConnectAsync(IPAddress.Loopback, listener.Port);
        var hello = new HandshakeRequest(HandshakeRequest.CurrentProtocolVersion, new NetworkingOptions().ClusterId, PeerIdentity.ForSilo(new SiloAddress("127.0.0.1", 1, 1)), listener).Encode();
        await SendFrameAsync(FrameKind.Handshake, 0, hello);
    }

    public Task SendRequestAsync(long requestId) => SendFrameAsync(FrameKind.Request, requestId, [1]);

    public void Dispose() => _socket.Dispose();

    private async Task SendFrameAsync(FrameKind kind, long requestId, byte[] payload)
    {
        var frame = new byte[FrameCodec.HeaderSize + payload.Length];
        FrameCodec.WriteHeader(frame, new FrameHeader(kind, FrameFlags.None, requestId, 0, payload.Length));
        payload.CopyTo(frame, FrameCodec.HeaderSize);
        await _socket.SendAsync(frame);
    }
}
