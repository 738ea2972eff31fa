using System.Buffers;
using System.Buffers.Binary;

namespace JobHub.Runtime.Networking;

/// <summary>
/// The wire format of one frame: a 24-byte little-endian header followed by the payload.
/// <code>
/// offset 0  int32   payload length (bytes after the header)
/// offset 4  byte    frame kind
/// offset 5  byte    reserved (0)
/// offset 6  uint16  flags
/// offset 8  int64   request id (0 for one-way and handshake frames)
/// offset 16 int64   deadline: milliseconds left when written (0 = none)
/// </code>
/// </summary>
internal static class FrameCodec
{
    public const int HeaderSize = 24;

    public static void Write(IBufferWriter<byte> output, in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(HeaderSize);
        WriteHeader(span, header with { PayloadLength = payload.Length });
        output.Advance(HeaderSize);
        if (!payload.IsEmpty)
        {
            output.Write(payload);
        }
    }

    public static void WriteHeader(Span<byte> destination, in FrameHeader header)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, header.PayloadLength);
        destination[4] = (byte)header.Kind;
        destination[5] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)header.Flags);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], header.RequestId);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], header.DeadlineMilliseconds);
    }

    /// <summary>Reads a header if the buffer holds one; throws <see cref="InvalidDataException"/> for a malformed one.</summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out FrameHeader header)
    {
        if (buffer.Length < HeaderSize)
        {
            header = default;
            return false;
        }

        Span<byte> bytes = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(bytes);
        header = ReadHeader(bytes);
        return true;
    }

    public static FrameHeader ReadHeader(ReadOnlySpan<byte> bytes)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var kind = (FrameKind)bytes[4];
        if (length < 0)
        {
            throw new InvalidDataException($"Frame header has a negative payload length ({length}).");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new InvalidDataException($"Frame header has an unknown frame kind ({bytes[4]}).");
        }

        if (bytes[5] != 0)
        {
            throw new InvalidDataException($"Frame header has a non-zero reserved byte ({bytes[5]}).");
        }

        return new FrameHeader(
            kind,
            (FrameFlags)BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]),
            length);
    }
}
