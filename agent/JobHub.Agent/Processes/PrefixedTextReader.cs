namespace JobHub.Agent.Processes;

/// <summary>
/// A reader that first gives the line a start check already read from a stream (awaited when it is still being
/// read, with its line end restored), then the rest of the stream.
/// </summary>
internal sealed class PrefixedTextReader(Task<string?> firstLine, TextReader rest) : TextReader
{
    private string? _pending;
    private int _offset;
    private bool _prefixTaken;

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        if (!_prefixTaken)
        {
            _pending = await firstLine.WaitAsync(cancellationToken).ConfigureAwait(false) is { } line ? line + "\n" : null;
            _prefixTaken = true;
        }

        if (_pending is not null && _offset < _pending.Length)
        {
            var count = Math.Min(buffer.Length, _pending.Length - _offset);
            _pending.AsSpan(_offset, count).CopyTo(buffer.Span);
            _offset += count;
            return count;
        }

        return await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
