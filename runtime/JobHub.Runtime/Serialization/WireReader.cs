using System.Buffers.Binary;
using System.Text;

namespace JobHub.Runtime.Serialization;

/// <summary>
/// Reads what <see cref="WireWriter"/> wrote. Every read checks the bytes left, so a truncated or
/// corrupted body fails with <see cref="WireFormatException"/> instead of reading past its end.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> body)
{
    private ReadOnlySpan<byte> _rest = body;

    public readonly int Remaining => _rest.Length;

    public byte Byte()
    {
        if (_rest.IsEmpty)
        {
            throw Truncated();
        }

        var value = _rest[0];
        _rest = _rest[1..];
        return value;
    }

    public ulong VarUInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new WireFormatException("A variable-length number in the call body is longer than 10 bytes.");
    }

    public long VarInt()
    {
        var value = VarUInt();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Raw(8));

    public ReadOnlySpan<byte> Raw(int count)
    {
        if ((uint)count > (uint)_rest.Length)
        {
            throw Truncated();
        }

        var bytes = _rest[..count];
        _rest = _rest[count..];
        return bytes;
    }

    public ReadOnlySpan<byte> LengthPrefixed() => Raw(Length(VarUInt()));

    public string? String()
    {
        var prefix = VarUInt();
        return prefix == 0 ? null : Encoding.UTF8.GetString(Raw(Length(prefix - 1)));
    }

    public string RequiredString(string what) => String() ?? throw new WireFormatException($"The call body has no {what}.");

    /// <summary>A count of items that each take at least one byte: larger than the bytes left means a corrupt body.</summary>
    public int Count(string what)
    {
        var count = VarUInt();
        return count <= (ulong)_rest.Length ? (int)count : throw new WireFormatException($"The call body claims {count} {what} but has {_rest.Length} bytes left.");
    }

    public readonly void EnsureEnd()
    {
        if (!_rest.IsEmpty)
        {
            throw new WireFormatException($"The call body has {_rest.Length} unexpected bytes at its end.");
        }
    }

    private readonly int Length(ulong length) => length <= (ulong)_rest.Length ? (int)length : throw Truncated();

    private readonly WireFormatException Truncated() => new("The call body ends early (truncated or corrupt).");
}
