using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Networking;

/// <summary>
/// One TCP connection after its handshake: a read loop that parses frames and dispatches them, and a
/// single write loop that drains the send queue into a <see cref="PipeWriter"/> and flushes when the
/// queue is empty (or a batch is full), so many small frames become few socket writes. Either side may
/// send requests; answers are correlated by request id. Requests and one-way messages wait for room in
/// the bounded queue (back-pressure); answers never wait, so calls in both directions cannot deadlock.
/// </summary>
internal sealed partial class Connection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CountingStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Channel<OutboundFrame> _queue = Channel.CreateUnbounded<OutboundFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _room;
    // Many callers add and the read loop removes at once: striped well beyond the core count.
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new(concurrencyLevel: 64, capacity: 1024);
    private readonly CancellationTokenSource _closing = new();
    // Read once: senders racing with DisposeAsync must see a cancelled token, not a disposed source.
    private readonly CancellationToken _closingToken;
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly NetworkingOptions _options;
    private readonly TimeProvider _time;
    private readonly NetworkingInstruments _instruments;
    private readonly ILogger _logger;
    private InboundHandler? _handler;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private long _skipRemaining;
    private int _closeState;
    private int _disposeState;
    private Exception? _closeReason;
    private bool _started;

    public Connection(Socket socket, bool inbound, PeerIdentity remote, NetworkingOptions options, TimeProvider time, NetworkingInstruments instruments, ILogger logger)
    {
        _socket = socket;
        IsInbound = inbound;
        Remote = remote;
        _options = options;
        _time = time;
        _instruments = instruments;
        _logger = logger;
        _closingToken = _closing.Token;
        _room = new SemaphoreSlim(options.SendQueueCapacity, options.SendQueueCapacity);
        _stream = new CountingStream(new NetworkStream(socket, ownsSocket: false), instruments);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: options.MaxBatchBytes, leaveOpen: true));
    }

    public bool IsInbound { get; }

    /// <summary>The peer; for an inbound connection it is known once the handshake is accepted.</summary>
    public PeerIdentity Remote { get; private set; }

    public bool IsClosed => Volatile.Read(ref _closeState) != 0;

    /// <summary>Completes, with the reason, when the connection has closed.</summary>
    public Task<Exception> Closed => _closed.Task;

    /// <summary>Write calls that reached the socket stream: one per flushed batch (or per 64 KiB of a big one).</summary>
    public long SocketWrites => _stream.WriteCalls;

    /// <summary>Tests: socket writes wait until <see cref="ReleaseSocketWrites"/> (see <see cref="CountingStream.HoldWrites"/>).</summary>
    internal void HoldSocketWrites() => _stream.HoldWrites();

    internal void ReleaseSocketWrites() => _stream.ReleaseWrites();

    /// <summary>Requests and one-way messages queued, or written to the pipe but not yet flushed to the socket.</summary>
    public int QueuedFrames => _options.SendQueueCapacity - _room.CurrentCount;

    public int PendingRequestCount => _pending.Count;

    /// <summary>Starts the read and write loops; <paramref name="handler"/> answers requests from the peer (null: none are served).</summary>
    public void Start(InboundHandler? handler)
    {
        _handler = handler;
        _started = true;
        _instruments.ConnectionOpened(IsInbound);
        _readLoop = Task.Run(ReadLoopAsync);
        _writeLoop = Task.Run(WriteLoopAsync);
        LogOpened(_logger, IsInbound ? "inbound" : "outbound", Remote.ToString());
    }

    /// <summary>
    /// Sends a request (or ping) and waits for the answer with the same id. With <paramref name="answerInline"/>
    /// (and no cancellation token) the returned task completes on the read loop: see <see cref="PendingRequest"/>.
    /// </summary>
    public Task<ReadOnlyMemory<byte>> SendRequestAsync(FrameKind kind, long requestId, ReadOnlyMemory<byte> payload, FrameFlags flags, long deadlineTimestamp, CancellationToken cancellationToken, bool answerInline = false)
    {
        if (cancellationToken.CanBeCanceled)
        {
            return SendCancellableRequestAsync(kind, requestId, payload, flags, deadlineTimestamp, cancellationToken);
        }

        // The common case, without an async frame of its own: with no token, only an answer, the deadline
        // sweep or closing completes the request, and each of those removes it from the map first.
        var pending = new PendingRequest(requestId, deadlineTimestamp, answerInline);
        _pending[requestId] = pending;
        try
        {
            if (IsClosed)
            {
                throw NotSent(requestId);
            }

            var queued = EnqueueAsync(new OutboundFrame(kind, flags, requestId, deadlineTimestamp, payload, HoldsRoom: kind == FrameKind.Request), CancellationToken.None);
            return queued.IsCompletedSuccessfully ? pending.Task : AnswerOnceQueuedAsync(queued, pending);
        }
        catch (Exception ex)
        {
            _pending.TryRemove(requestId, out _);
            return Task.FromException<ReadOnlyMemory<byte>>(ex);
        }
    }

    private async Task<ReadOnlyMemory<byte>> AnswerOnceQueuedAsync(ValueTask queued, PendingRequest pending)
    {
        try
        {
            await queued.ConfigureAwait(false);
        }
        catch
        {
            _pending.TryRemove(pending.Id, out _);
            throw;
        }

        return await pending.Task.ConfigureAwait(false);
    }

    private async Task<ReadOnlyMemory<byte>> SendCancellableRequestAsync(FrameKind kind, long requestId, ReadOnlyMemory<byte> payload, FrameFlags flags, long deadlineTimestamp, CancellationToken cancellationToken)
    {
        var pending = new PendingRequest(requestId, deadlineTimestamp);
        _pending[requestId] = pending;
        if (IsClosed)
        {
            _pending.TryRemove(requestId, out _);
            throw NotSent(requestId);
        }

        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((PendingRequest)state!).TrySetCanceled(token), pending)
            : default;
        try
        {
            await EnqueueAsync(new OutboundFrame(kind, flags, requestId, deadlineTimestamp, payload, HoldsRoom: kind == FrameKind.Request), cancellationToken).ConfigureAwait(false);
            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            // An answer removed it already; timeouts and closing remove before failing it; cancellation does not.
            if (!pending.Task.IsCompletedSuccessfully)
            {
                _pending.TryRemove(requestId, out _);
            }
        }
    }

    /// <summary>Queues a one-way message; completes when it is queued (waiting for room if the queue is full), not when delivered.</summary>
    public ValueTask SendOneWayAsync(ReadOnlyMemory<byte> payload, FrameFlags flags, long deadlineTimestamp, CancellationToken cancellationToken) =>
        EnqueueAsync(new OutboundFrame(FrameKind.OneWay, flags, 0, deadlineTimestamp, payload, HoldsRoom: true), cancellationToken);

    /// <summary>Fails every request whose deadline is at or before <paramref name="nowTimestamp"/> with a timeout (outcome unknown).</summary>
    public void ExpireOverdue(long nowTimestamp)
    {
        foreach (var (id, pending) in _pending)
        {
            if (pending.DeadlineTimestamp != 0 && pending.DeadlineTimestamp <= nowTimestamp && _pending.TryRemove(id, out _))
            {
                _instruments.RequestTimedOut();
                pending.TrySetException(new RemoteCallTimeoutException(
                    $"Request #{id} to {Remote} got no response before its deadline; the outcome is unknown: it may or may not have run there. A response arriving later is dropped."));
            }
        }
    }

    /// <summary>Closes the connection once: pending calls fail with <see cref="ConnectionLostException"/>, queued frames are dropped.</summary>
    public void Close(Exception reason)
    {
        if (Interlocked.Exchange(ref _closeState, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _closeReason, reason);
        _closing.Cancel();
        _queue.Writer.TryComplete();
        foreach (var (id, pending) in _pending)
        {
            if (_pending.TryRemove(id, out _))
            {
                pending.TrySetException(new ConnectionLostException(
                    $"The connection to {Remote} was lost before request #{id} was answered; the outcome is unknown: it may or may not have run there. Cause: {reason.Message}",
                    reason));
            }
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
        if (_started)
        {
            _instruments.ConnectionClosed(IsInbound);
            LogClosed(_logger, IsInbound ? "inbound" : "outbound", Remote.ToString(), reason.Message);
        }

        _closed.TrySetResult(reason);
    }

    /// <summary>
    /// Closes the connection and releases it once. The connection's own close path, its connector or listener and
    /// a stopping listener may all dispose it, at the same time: later calls wait for the first and do nothing more.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeState, 1) != 0)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            Close(new ConnectionLostException("The connection was closed locally."));
            await Task.WhenAll(_readLoop, _writeLoop).ConfigureAwait(false);
            if (!_started)
            {
                await _reader.CompleteAsync().ConfigureAwait(false);
                await CompleteWriterAsync().ConfigureAwait(false);
            }

            await _stream.DisposeAsync().ConfigureAwait(false);
            _closing.Dispose();
        }
        finally
        {
            _disposed.TrySetResult();
        }
    }

    /// <summary>
    /// Completing the pipe writer without an error would write the bytes of a failed or cancelled flush again, to a
    /// socket that is closed by now (an <see cref="ObjectDisposedException"/>); with the close reason it drops them.
    /// </summary>
    private ValueTask CompleteWriterAsync() =>
        _writer.CompleteAsync(Volatile.Read(ref _closeReason) ?? new ConnectionLostException("The connection closed; bytes not yet sent are dropped."));

    private ValueTask EnqueueAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        if (frame.HoldsRoom && !_room.Wait(0, CancellationToken.None))
        {
            return EnqueueWhenRoomAsync(frame, cancellationToken);
        }

        Post(frame);
        return ValueTask.CompletedTask;
    }

    private async ValueTask EnqueueWhenRoomAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closingToken);
        try
        {
            await _room.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw NotSent(frame.RequestId);
        }

        Post(frame);
    }

    private void Post(OutboundFrame frame)
    {
        if (!_queue.Writer.TryWrite(frame))
        {
            if (frame.HoldsRoom)
            {
                _room.Release();
            }

            throw NotSent(frame.RequestId);
        }
    }

    /// <summary>Answers, pongs and errors: never held back by the queue bound; dropped if the connection is closed.</summary>
    private void PostAnswer(FrameKind kind, long requestId, ReadOnlyMemory<byte> payload) =>
        _queue.Writer.TryWrite(new OutboundFrame(kind, FrameFlags.None, requestId, 0, payload, HoldsRoom: false));

    private ConnectionLostException NotSent(long requestId) => new(requestId == 0
        ? $"The connection to {Remote} closed before the message could be sent."
        : $"The connection to {Remote} closed before request #{requestId} could be sent; it did not run there.");

    private async Task WriteLoopAsync()
    {
        var token = _closingToken;
        var queue = _queue.Reader;
        var unflushedWithRoom = 0;
        try
        {
            while (await queue.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (queue.TryRead(out var frame))
                {
                    unflushedWithRoom += frame.HoldsRoom ? 1 : 0;
                    WriteFrame(frame);
                    if (_writer.UnflushedBytes >= _options.MaxBatchBytes)
                    {
                        await FlushAsync(token).ConfigureAwait(false);
                        ReleaseRoom(ref unflushedWithRoom);
                    }
                }

                await FlushAsync(token).ConfigureAwait(false);
                ReleaseRoom(ref unflushedWithRoom);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closed.
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close(new ConnectionLostException($"Writing to {Remote} failed: {e.Message}", e));
        }
        finally
        {
            // Every way out of the loop closes the connection: what is still buffered has nowhere to go.
            await CompleteWriterAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Room is given back after the flush, a batch at a time: the bound covers frames written but not yet
    /// on the socket, and waiting senders wake together and refill the queue while the next batch is written.
    /// </summary>
    private void ReleaseRoom(ref int count)
    {
        if (count > 0)
        {
            _room.Release(count);
            count = 0;
        }
    }

    private async ValueTask FlushAsync(CancellationToken token)
    {
        var result = await _writer.FlushAsync(token).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new IOException("The socket stream stopped accepting data.");
        }
    }

    private void WriteFrame(in OutboundFrame frame)
    {
        long deadlineMilliseconds = 0;
        if (frame.DeadlineTimestamp != 0)
        {
            var left = _time.GetElapsedTime(_time.GetTimestamp(), frame.DeadlineTimestamp);
            if (left <= TimeSpan.Zero)
            {
                // The caller has been (or is about to be) told its call timed out; the peer need not run it.
                _instruments.ExpiredRequestDropped();
                LogExpiredNotSent(_logger, frame.RequestId, Remote.ToString());
                return;
            }

            deadlineMilliseconds = Math.Max(1, (long)Math.Ceiling(left.TotalMilliseconds));
        }

        FrameCodec.Write(_writer, new FrameHeader(frame.Kind, frame.Flags, frame.RequestId, deadlineMilliseconds, frame.Payload.Length), frame.Payload.Span);
        _instruments.FrameSent();
    }
}
