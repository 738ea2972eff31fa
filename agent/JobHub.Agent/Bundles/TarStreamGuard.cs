using System.Globalization;
using System.Text;
using JobHub.Contracts.Validation;

namespace JobHub.Agent.Bundles;

/// <summary>
/// Sits between the gzip decompressor and <see cref="System.Formats.Tar.TarReader"/> and follows the tar stream's
/// block structure as it passes, so that what the reader would trust is checked first: a metadata block (PAX
/// extended header, GNU long name), which the reader loads into memory whole, may be at most
/// <see cref="CodeBundleLimits.MaxMetadataBytes"/>; all bytes that are not file contents together at most
/// <see cref="CodeBundleLimits.MaxOverheadBytes"/>; after the end-of-archive block only zeros may follow; every
/// header's checksum must match. It also counts everything decompressed, for the gzip trailer check.
/// </summary>
/// <remarks>
/// It reads block sizes the way the reader does (octal or base-256 size fields, a PAX <c>size</c> record
/// overriding the next header's), and refuses what it cannot follow (an unreadable size field, a malformed PAX
/// record, metadata headers in an order the reader does not take), so the reader never sees a block the guard
/// did not check. Its refusal is kept in <see cref="Refusal"/>, to be told apart from the reader's own errors.
/// </remarks>
internal sealed class TarStreamGuard(Stream inner) : Stream
{
    private const int BlockSize = 512;

    private readonly byte[] _header = new byte[BlockSize];
    private int _headerFill;
    private Part _part = Part.Header;
    private long _remaining;
    private long _padding;
    private byte[]? _pax;
    private int _paxFill;
    private byte _metadataType;
    private int _metadataRun;
    private long? _paxSize;
    private long _overhead;
    private long _processed;
    private long _headerAt;

    private enum Part
    {
        Header,
        Metadata,
        Data,
        Padding,
        End,
    }

    /// <summary>Bytes decompressed so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The refusal this guard raised (it is rethrown as is, not as a reader error).</summary>
    public Exception? Refusal { get; private set; }

    /// <summary>Set when the decompressor below failed (the gzip data is corrupt).</summary>
    public Exception? GzipFailure { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            GzipFailure = ex;
            throw;
        }

        Inspect(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            GzipFailure = ex;
            throw;
        }

        Inspect(buffer.Span[..read]);
        return read;
    }

    /// <summary>Reads what is left after the end-of-archive block (it must be zeros), so the whole gzip stream is read.</summary>
    public async Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (await ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Inspect(ReadOnlySpan<byte> bytes)
    {
        BytesRead += bytes.Length;
        while (!bytes.IsEmpty)
        {
            var taken = _part switch
            {
                Part.Header => TakeHeader(bytes),
                Part.Metadata => TakeMetadata(bytes),
                Part.Data => TakeData(bytes),
                Part.Padding => TakePadding(bytes),
                _ => TakeAfterEnd(bytes),
            };
            bytes = bytes[taken..];
            _processed += taken;
        }

        if (_overhead > CodeBundleLimits.MaxOverheadBytes)
        {
            throw Refuse(new CodeBundleTooLargeException(
                $"Code bundle refused: it holds more than {CodeBundleLimits.Count(CodeBundleLimits.MaxOverheadBytes)} bytes of tar headers, metadata and padding."));
        }
    }

    private int TakeHeader(ReadOnlySpan<byte> bytes)
    {
        if (_headerFill == 0)
        {
            _headerAt = _processed;
        }

        var taken = Math.Min(BlockSize - _headerFill, bytes.Length);
        bytes[..taken].CopyTo(_header.AsSpan(_headerFill));
        _headerFill += taken;
        _overhead += taken;
        if (_headerFill == BlockSize)
        {
            _headerFill = 0;
            OnHeader();
        }

        return taken;
    }

    private int TakeMetadata(ReadOnlySpan<byte> bytes)
    {
        var taken = (int)Math.Min(_remaining, bytes.Length);
        if (_pax is not null)
        {
            bytes[..taken].CopyTo(_pax.AsSpan(_paxFill));
            _paxFill += taken;
        }

        _remaining -= taken;
        _overhead += taken;
        if (_remaining == 0)
        {
            OnMetadataEnd();
        }

        return taken;
    }

    private int TakeData(ReadOnlySpan<byte> bytes)
    {
        var taken = (int)Math.Min(_remaining, bytes.Length);
        _remaining -= taken;
        if (_remaining == 0)
        {
            StartPadding();
        }

        return taken;
    }

    private int TakePadding(ReadOnlySpan<byte> bytes)
    {
        var taken = (int)Math.Min(_remaining, bytes.Length);
        _remaining -= taken;
        _overhead += taken;
        if (_remaining == 0)
        {
            _part = Part.Header;
        }

        return taken;
    }

    private int TakeAfterEnd(ReadOnlySpan<byte> bytes)
    {
        if (bytes.ContainsAnyExcept((byte)0))
        {
            throw Refuse(Invalid("there is data after the tar archive's end-of-archive block"));
        }

        _overhead += bytes.Length;
        return bytes.Length;
    }

    private void OnHeader()
    {
        var checksum = _header.AsSpan(148, 8);
        if (!checksum.ContainsAnyExcept((byte)0) || (TryParseOctal(checksum, out var sum) && sum == 0))
        {
            // The reader stops here: the end of the archive. The block itself must be empty, like all that follows.
            if (_header.AsSpan().ContainsAnyExcept((byte)0))
            {
                throw Refuse(Invalid("its end-of-archive block is not empty"));
            }

            _part = Part.End;
            return;
        }

        if (!TryParseOctal(checksum, out sum) || (sum != Checksum(_header, signed: false) && sum != Checksum(_header, signed: true)))
        {
            throw Refuse(Invalid($"the checksum of the tar header at byte {CodeBundleLimits.Count(_headerAt)} does not match it (the archive is corrupt)"));
        }

        if (!TryParseSize(_header.AsSpan(124, 12), out var size))
        {
            throw Refuse(Invalid($"the tar header at byte {CodeBundleLimits.Count(_headerAt)} has a size field that is not a size"));
        }

        var type = _header[156];
        if (type is (byte)'x' or (byte)'g' or (byte)'L' or (byte)'K')
        {
            StartMetadata(type, size);
            return;
        }

        var dataSize = _paxSize ?? size;
        _paxSize = null;
        _metadataRun = 0;
        _metadataType = 0;
        _remaining = dataSize;
        _padding = Padding(dataSize);
        _part = Part.Data;
        if (dataSize == 0)
        {
            StartPadding();
        }
    }

    private void StartMetadata(byte type, long size)
    {
        // The reader takes one PAX header, or a GNU long name and/or long link, before an entry; anything else it
        // refuses or misreads, so it is refused here before the reader buffers it.
        var follows = _metadataType;
        if (follows == (byte)'x' || (follows is (byte)'L' or (byte)'K' && (type is (byte)'x' or (byte)'g' || type == follows || _metadataRun >= 2)))
        {
            throw Refuse(Invalid($"metadata header '{(char)type}' follows metadata header '{(char)follows}' (one PAX header, or a GNU long name and long link, may precede an entry)"));
        }

        if (size > CodeBundleLimits.MaxMetadataBytes)
        {
            throw Refuse(Invalid(
                $"an entry's metadata block (PAX extended header or GNU long name) is {CodeBundleLimits.Count(size)} bytes; at most {CodeBundleLimits.Count(CodeBundleLimits.MaxMetadataBytes)} are allowed"));
        }

        _metadataType = type is (byte)'g' ? (byte)0 : type;
        _metadataRun = type is (byte)'g' ? 0 : _metadataRun + 1;
        _pax = type is (byte)'x' ? new byte[size] : null;
        _paxFill = 0;
        _remaining = size;
        _padding = Padding(size);
        _part = Part.Metadata;
        if (size == 0)
        {
            OnMetadataEnd();
        }
    }

    private void OnMetadataEnd()
    {
        if (_pax is not null)
        {
            _paxSize = PaxSize(_pax);
            _pax = null;
        }

        StartPadding();
    }

    private void StartPadding()
    {
        _remaining = _padding;
        _padding = 0;
        _part = _remaining > 0 ? Part.Padding : Part.Header;
    }

    /// <summary>The <c>size</c> record of a PAX extended header, read as the reader reads records ("LENGTH KEY=VALUE\n").</summary>
    private long? PaxSize(ReadOnlySpan<byte> records)
    {
        long? size = null;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (!records.IsEmpty)
        {
            var newline = records.IndexOf((byte)'\n');
            var line = newline < 0 ? records : records[..newline];
            var space = line.IndexOf((byte)' ');
            var equals = space < 0 ? -1 : line[(space + 1)..].IndexOf((byte)'=');
            if (newline < 0 || equals < 0
                || !int.TryParse(line[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length != line.Length + 1)
            {
                throw Refuse(Invalid("a PAX extended header holds a malformed record"));
            }

            var key = Encoding.UTF8.GetString(line.Slice(space + 1, equals));
            var value = Encoding.UTF8.GetString(line[(space + 2 + equals)..]);
            if (!keys.Add(key))
            {
                throw Refuse(Invalid($"a PAX extended header holds the record '{TextRules.Show(key)}' twice"));
            }

            if (key == "size" && value.Length > 0)
            {
                size = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
                    ? parsed
                    : throw Refuse(Invalid($"a PAX extended header has the size '{TextRules.Show(value)}'"));
            }

            records = records[(newline + 1)..];
        }

        return size;
    }

    private Exception Refuse(Exception refusal)
    {
        Refusal = refusal;
        return refusal;
    }

    private static InvalidDataException Invalid(string reason) =>
        CodeBundleEntryChecker.Refuse($"it is not a valid tar.gz archive: {reason}.");

    /// <summary>The header checksum: the sum of its bytes with the checksum field read as spaces (some old tars summed signed bytes).</summary>
    private static long Checksum(ReadOnlySpan<byte> header, bool signed)
    {
        long sum = 8 * ' ';
        for (var i = 0; i < header.Length; i++)
        {
            if (i is < 148 or >= 156)
            {
                sum += signed ? (sbyte)header[i] : header[i];
            }
        }

        return sum;
    }

    private static long Padding(long size) => (BlockSize - (size % BlockSize)) % BlockSize;

    /// <summary>A size field as the reader reads it: base-256 when the first byte is 0x80, octal otherwise.</summary>
    private static bool TryParseSize(ReadOnlySpan<byte> field, out long size)
    {
        size = 0;
        if (field[0] == 0xFF)
        {
            return false;
        }

        if (field[0] != 0x80)
        {
            return TryParseOctal(field, out size);
        }

        foreach (var b in field[1..])
        {
            if (size > (long.MaxValue >> 8))
            {
                return false;
            }

            size = (size << 8) | b;
        }

        return true;
    }

    private static bool TryParseOctal(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        var end = field.IndexOf((byte)0);
        field = (end < 0 ? field : field[..end]).Trim((byte)' ');
        foreach (var b in field)
        {
            var digit = b - '0';
            if (digit is < 0 or >= 8 || value > (long.MaxValue >> 3))
            {
                return false;
            }

            value = (value << 3) | (uint)digit;
        }

        return true;
    }
}
