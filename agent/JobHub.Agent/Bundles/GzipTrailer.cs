using System.Buffers.Binary;

namespace JobHub.Agent.Bundles;

/// <summary>
/// What a gzip stream's last 4 bytes say about its contents: their length (modulo 2^32). The decompressor checks the
/// trailer's CRC-32 and length itself when it reaches them, but when the stream is cut off before them it just ends;
/// comparing this length with what was decompressed catches that (and data after the gzip stream).
/// </summary>
/// <param name="Length">The uncompressed length, modulo 2^32.</param>
internal readonly record struct GzipTrailer(uint Length)
{
    private const int HeaderBytes = 10;
    private const int TrailerBytes = 8;

    /// <summary>
    /// Checks that a seekable <paramref name="source"/> starts with the gzip signature and reads its trailer, leaving
    /// the position where it was; null for a stream that cannot seek (then only the decompressor checks it).
    /// </summary>
    /// <exception cref="InvalidDataException">It is empty, not gzip, or too short to be a gzip stream.</exception>
    public static async Task<GzipTrailer?> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        if (!source.CanSeek)
        {
            return null;
        }

        var start = source.Position;
        var length = source.Length - start;
        if (length == 0)
        {
            throw CodeBundleEntryChecker.Refuse("it is not a valid tar.gz archive: it is empty.");
        }

        var head = new byte[3];
        var read = await source.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < 2 || head[0] != 0x1F || head[1] != 0x8B || (read == 3 && head[2] != 8))
        {
            throw CodeBundleEntryChecker.Refuse(
                "it is not a valid tar.gz archive: it does not start with the gzip signature (pack the folder with tar and gzip, e.g. 'tar -czf bundle.tar.gz -C folder .').");
        }

        if (length < HeaderBytes + TrailerBytes)
        {
            throw CodeBundleEntryChecker.Refuse("it is not a valid tar.gz archive: it is cut off (too short to be a gzip stream).");
        }

        var size = new byte[4];
        source.Position = start + length - size.Length;
        await source.ReadExactlyAsync(size, cancellationToken);
        source.Position = start;
        return new GzipTrailer(BinaryPrimitives.ReadUInt32LittleEndian(size));
    }
}
