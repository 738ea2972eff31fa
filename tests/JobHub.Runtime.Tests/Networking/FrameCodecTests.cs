using System.Buffers;
using JobHub.Runtime.Networking;

namespace JobHub.Runtime.Tests.Networking;

public sealed class FrameCodecTests
{
    [Fact]
    public void Frame_RoundTripsHeaderAndPayload()
    {
        var output = new ArrayBufferWriter<byte>();
        FrameCodec.Write(output, new FrameHeader(FrameKind.Request, FrameFlags.System | FrameFlags.ReadOnly, long.MaxValue - 1, 1500, 0), new byte[] { 1, 2, 3 });

        Assert.Equal(FrameCodec.HeaderSize + 3, output.WrittenCount);
        Assert.True(FrameCodec.TryReadHeader(new ReadOnlySequence<byte>(output.WrittenMemory), out var header));
        Assert.Equal(new FrameHeader(FrameKind.Request, FrameFlags.System | FrameFlags.ReadOnly, long.MaxValue - 1, 1500, 3), header);
        Assert.Equal(new byte[] { 1, 2, 3 }, output.WrittenSpan[FrameCodec.HeaderSize..].ToArray());
    }

    [Fact]
    public void PartialHeader_IsNotReadYet()
    {
        Assert.False(FrameCodec.TryReadHeader(new ReadOnlySequence<byte>(new byte[FrameCodec.HeaderSize - 1]), out _));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 3 }, "negative payload length")]
    [InlineData(new byte[] { 0, 0, 0, 0, 99 }, "unknown frame kind")]
    [InlineData(new byte[] { 0, 0, 0, 0, 3, 1 }, "reserved byte")]
    public void MalformedHeader_IsAProtocolError(byte[] start, string expected)
    {
        var bytes = new byte[FrameCodec.HeaderSize];
        start.CopyTo(bytes, 0);

        var error = Assert.Throws<InvalidDataException>(() => FrameCodec.ReadHeader(bytes));

        Assert.Contains(expected, error.Message);
    }
}
