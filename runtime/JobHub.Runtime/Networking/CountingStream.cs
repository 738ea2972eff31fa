namespace JobHub.Runtime.Networking;

/// <summary>
/// The socket stream with a count of the write calls and bytes that reach it: the pipe writer turns a
/// whole batch of frames into one write here, which the batching test and the meter observe.
/// </summary>
internal sealed class CountingStream : Stream
{
    private readonly Stream _inner;
    private readonly NetworkingInstruments _instruments;
    private long _writes;
    private TaskCompletionSource? _writesHeld;

    public CountingStream(Stream inner, NetworkingInstruments instruments)
    {
        _inner = inner;
        _instruments = instruments;
    }

    public long WriteCalls => Interlocked.Read(ref _writes);

    /// <summary>
    /// Tests: from now on each write waits (counted, but not yet on the socket) until <see cref="ReleaseWrites"/>,
    /// as behind a slow network, so whatever is sent meanwhile queues up behind the write loop.
    /// </summary>
    public void HoldWrites() => Interlocked.CompareExchange(ref _writesHeld, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    public void ReleaseWrites() => Interlocked.Exchange(ref _writesHeld, null)?.TrySetResult();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _instruments.SocketRead(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        _instruments.SocketWrite(buffer.Length);
        return Volatile.Read(ref _writesHeld) is { } held
            ? WriteWhenReleasedAsync(held.Task, buffer, cancellationToken)
            : _inner.WriteAsync(buffer, cancellationToken);
    }

    private async ValueTask WriteWhenReleasedAsync(Task released, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await released.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The transport reads asynchronously.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The transport writes asynchronously.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
