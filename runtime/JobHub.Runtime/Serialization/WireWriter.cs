using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace JobHub.Runtime.Serialization;

/// <summary>Writes the primitives of the binary body: little-endian fixed sizes, LEB128 varints, length-prefixed UTF-8.</summary>
internal readonly ref struct WireWriter(IBufferWriter<byte> output)
{
    public void Byte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public void VarUInt(ulong value)
    {
        var span = output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        output.Advance(i);
    }

    /// <summary>Zig-zag, so small negative numbers stay short.</summary>
    public void VarInt(long value) => VarUInt((ulong)((value << 1) ^ (value >> 63)));

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    public void Raw(ReadOnlySpan<byte> bytes) => output.Write(bytes);

    public void LengthPrefixed(ReadOnlySpan<byte> bytes)
    {
        VarUInt((ulong)bytes.Length);
        output.Write(bytes);
    }

    /// <summary>Length + 1 (0 stands for null), then the UTF-8 bytes.</summary>
    public void String(string? value)
    {
        if (value is null)
        {
            VarUInt(0);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        VarUInt((ulong)count + 1);
        var written = Encoding.UTF8.GetBytes(value, output.GetSpan(count));
        output.Advance(written);
    }
}
