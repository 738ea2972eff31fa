using System.Buffers.Binary;
using System.Text;

namespace JobHub.Runtime.Networking;

/// <summary>
/// The payload of a <see cref="FrameKind.Handshake"/> frame: protocol version, cluster id, who connects,
/// and which silo incarnation it means to reach (so a restarted silo refuses traffic for its predecessor).
/// Encoding: version byte, then three strings (cluster id, sender, target), each a uint16 length and UTF-8;
/// the sender is "silo:host:port@generation" or "client:id".
/// </summary>
internal sealed record HandshakeRequest(int ProtocolVersion, string ClusterId, PeerIdentity Sender, SiloAddress Target)
{
    /// <summary>2: grain call bodies are binary (<c>Serialization/WireFormat</c>); 1 was JSON.</summary>
    public const int CurrentProtocolVersion = 2;

    private const string SiloPrefix = "silo:";
    private const string ClientPrefix = "client:";

    public byte[] Encode()
    {
        var sender = Sender.Silo is { } silo ? SiloPrefix + silo : ClientPrefix + Sender.ClientId;
        var strings = new[] { ClusterId, sender, Target.ToString() }.Select(Encoding.UTF8.GetBytes).ToArray();
        var buffer = new byte[1 + strings.Sum(s => 2 + s.Length)];
        buffer[0] = checked((byte)ProtocolVersion);
        var offset = 1;
        foreach (var s in strings)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(offset), checked((ushort)s.Length));
            s.CopyTo(buffer.AsSpan(offset + 2));
            offset += 2 + s.Length;
        }

        return buffer;
    }

    /// <summary>Decodes a handshake payload; throws <see cref="InvalidDataException"/> when it is malformed.</summary>
    public static HandshakeRequest Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            if (payload.IsEmpty)
            {
                throw new InvalidDataException("The handshake payload is empty.");
            }

            var version = payload[0];
            var offset = 1;
            var clusterId = ReadString(payload, ref offset);
            var sender = ReadString(payload, ref offset);
            var target = SiloAddress.Parse(ReadString(payload, ref offset));
            var identity = sender.StartsWith(SiloPrefix, StringComparison.Ordinal)
                ? PeerIdentity.ForSilo(SiloAddress.Parse(sender[SiloPrefix.Length..]))
                : sender.StartsWith(ClientPrefix, StringComparison.Ordinal)
                    ? PeerIdentity.ForClient(sender[ClientPrefix.Length..])
                    : throw new InvalidDataException($"The handshake sender '{sender}' is neither a silo nor a client.");
            return new HandshakeRequest(version, clusterId, identity, target);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException($"The handshake payload is malformed: {e.Message}", e);
        }
    }

    private static string ReadString(ReadOnlySpan<byte> payload, ref int offset)
    {
        if (payload.Length < offset + 2)
        {
            throw new InvalidDataException("The handshake payload is truncated.");
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]);
        if (payload.Length < offset + 2 + length)
        {
            throw new InvalidDataException("The handshake payload is truncated.");
        }

        var text = Encoding.UTF8.GetString(payload.Slice(offset + 2, length));
        offset += 2 + length;
        return text;
    }
}
