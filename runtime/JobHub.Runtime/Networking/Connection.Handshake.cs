using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Networking;

/// <summary>
/// Opening a connection: the connecting side sends <see cref="FrameKind.Handshake"/>; the listener answers
/// <see cref="FrameKind.HandshakeAccepted"/> or <see cref="FrameKind.Reject"/> (and hangs up). Only then do
/// the read and write loops start.
/// </summary>
internal sealed partial class Connection
{
    /// <summary>A handshake payload is a few short strings; anything bigger is not a handshake.</summary>
    private const int MaxHandshakeBytes = 4096;

    /// <summary>Connects to <paramref name="target"/>, performs the handshake and starts the loops.</summary>
    public static async Task<Connection> ConnectAsync(
        SiloAddress target, PeerIdentity local, InboundHandler? handler, NetworkingOptions options, TimeProvider time, NetworkingInstruments instruments, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Connection? connection = null;
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, linked.Token).ConfigureAwait(false);
            connection = new Connection(socket, inbound: false, PeerIdentity.ForSilo(target), options, time, instruments, logger);
            var hello = new HandshakeRequest(HandshakeRequest.CurrentProtocolVersion, options.ClusterId, local, target).Encode();
            FrameCodec.Write(connection._writer, new FrameHeader(FrameKind.Handshake, FrameFlags.None, 0, 0, hello.Length), hello);
            await connection._writer.FlushAsync(linked.Token).ConfigureAwait(false);
            var (header, payload) = await connection.ReadHandshakeFrameAsync(linked.Token).ConfigureAwait(false);
            switch (header.Kind)
            {
                case FrameKind.HandshakeAccepted:
                    break;
                case FrameKind.Reject:
                    throw new HandshakeRejectedException($"Silo {target} refused the connection: {Encoding.UTF8.GetString(payload)}");
                default:
                    throw new InvalidDataException($"Expected a handshake answer from {target}, got a {header.Kind} frame.");
            }

            connection.Start(handler);
            return connection;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await DisposeFailedAsync(connection, socket).ConfigureAwait(false);
            throw new TimeoutException($"Connecting to {target} (and the handshake) took longer than {options.ConnectTimeout.TotalSeconds:0.###} s.");
        }
        catch
        {
            await DisposeFailedAsync(connection, socket).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Reads the peer's handshake and answers it. Returns the request if accepted (the caller then starts the
    /// connection), or null if refused: the peer got a <see cref="FrameKind.Reject"/> with the reason from
    /// <paramref name="check"/>, and the caller disposes the connection.
    /// </summary>
    public async Task<HandshakeRequest?> AcceptHandshakeAsync(SiloAddress self, Func<HandshakeRequest, string?> check, CancellationToken cancellationToken)
    {
        string? refusal;
        HandshakeRequest? request = null;
        try
        {
            var (header, payload) = await ReadHandshakeFrameAsync(cancellationToken).ConfigureAwait(false);
            if (header.Kind != FrameKind.Handshake)
            {
                refusal = $"expected a handshake, got a {header.Kind} frame.";
            }
            else
            {
                request = HandshakeRequest.Decode(payload);
                refusal = check(request);
            }
        }
        catch (InvalidDataException e)
        {
            refusal = e.Message;
        }

        var answer = refusal is null ? Encoding.UTF8.GetBytes(self.ToString()) : Encoding.UTF8.GetBytes(refusal);
        var kind = refusal is null ? FrameKind.HandshakeAccepted : FrameKind.Reject;
        FrameCodec.Write(_writer, new FrameHeader(kind, FrameFlags.None, 0, 0, answer.Length), answer);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return null;
        }

        Remote = request!.Sender;
        return request;
    }

    private static async ValueTask DisposeFailedAsync(Connection? connection, Socket socket)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            socket.Dispose();
        }
    }

    private async Task<(FrameHeader Header, byte[] Payload)> ReadHandshakeFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (FrameCodec.TryReadHeader(buffer, out var header))
            {
                if (header.PayloadLength > MaxHandshakeBytes)
                {
                    throw new InvalidDataException($"A handshake frame of {header.PayloadLength} bytes is larger than {MaxHandshakeBytes} bytes.");
                }

                var length = FrameCodec.HeaderSize + header.PayloadLength;
                if (buffer.Length >= length)
                {
                    var payload = buffer.Slice(FrameCodec.HeaderSize, header.PayloadLength).ToArray();
                    _reader.AdvanceTo(buffer.GetPosition(length));
                    return (header, payload);
                }
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new IOException("The peer closed the connection during the handshake.");
            }
        }
    }
}
