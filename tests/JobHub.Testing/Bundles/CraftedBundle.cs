using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace JobHub.Testing.Bundles;

/// <summary>
/// Builds tar.gz archives entry by entry, including entries no packer would write: TarWriter for what it allows,
/// raw ustar headers for the rest (an empty name, a metadata header whose declared size is never sent).
/// </summary>
public sealed class CraftedBundle : IDisposable
{
    private readonly MemoryStream _tar = new();
    private readonly TarWriter _writer;
    private readonly CompressionLevel _level;

    public CraftedBundle(TarEntryFormat format = TarEntryFormat.Pax, CompressionLevel level = CompressionLevel.Fastest)
    {
        _writer = new TarWriter(_tar, format, leaveOpen: true);
        _level = level;
    }

    public CraftedBundle File(string name, string content = "x") => Entry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = Data(content) });

    public CraftedBundle Folder(string name) => Entry(new PaxTarEntry(TarEntryType.Directory, name));

    public CraftedBundle Entry(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }

    /// <summary>A ustar header written byte by byte, followed by <paramref name="data"/> (padded) when given.</summary>
    public CraftedBundle Raw(string name, char type, long size, byte[]? data = null)
    {
        var header = new byte[512];
        Encoding.UTF8.GetBytes(name).AsSpan(0, Math.Min(100, Encoding.UTF8.GetByteCount(name))).CopyTo(header);
        Octal(header.AsSpan(100, 8), 0x1A4);
        Octal(header.AsSpan(108, 8), 0);
        Octal(header.AsSpan(116, 8), 0);
        Octal(header.AsSpan(124, 12), size);
        Octal(header.AsSpan(136, 12), 1_700_000_000);
        header[156] = (byte)type;
        "ustar\0"u8.CopyTo(header.AsSpan(257));
        "00"u8.CopyTo(header.AsSpan(263));
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header.AsSpan(148));
        _tar.Write(header);
        if (data is not null)
        {
            _tar.Write(data);
            _tar.Write(new byte[(512 - (data.Length % 512)) % 512]);
        }

        return this;
    }

    /// <summary>The tar bytes; with <paramref name="end"/>, closed with its end-of-archive blocks.</summary>
    public byte[] Tar(bool end = true)
    {
        if (end)
        {
            _writer.Dispose();
        }

        return _tar.ToArray();
    }

    public byte[] TarGz(bool end = true) => Gzip(Tar(end), level: _level);

    public MemoryStream Stream(bool end = true) => new(TarGz(end));

    /// <summary><paramref name="data"/> gzip-compressed (at <paramref name="level"/>), followed (inside the gzip stream) by <paramref name="zerosAfter"/> zero bytes.</summary>
    public static byte[] Gzip(byte[] data, long zerosAfter = 0, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, level, leaveOpen: true))
        {
            gzip.Write(data);
            var zeros = new byte[1024 * 1024];
            for (var left = zerosAfter; left > 0; left -= zeros.Length)
            {
                gzip.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
            }
        }

        return compressed.ToArray();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _tar.Dispose();
    }

    private static MemoryStream Data(string content) => new(Encoding.UTF8.GetBytes(content));

    private static void Octal(Span<byte> field, long value) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(field.Length - 1, '0') + "\0").CopyTo(field);
}
