using System.Buffers;
using System.Net.Sockets;
using System.Text;

namespace JobHub.Runtime.Networking;

/// <summary>The read side: parse frames, answer pings, complete pending requests, run the handler for requests.</summary>
internal sealed partial class Connection
{
    private async Task ReadLoopAsync()
    {
        var token = _closingToken;
        Exception reason;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (TryProcessFrame(ref buffer))
                    {
                    }
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    reason = new ConnectionLostException($"{Remote} closed the connection.");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await _reader.CompleteAsync().ConfigureAwait(false);
            return;
        }
        catch (InvalidDataException e)
        {
            // The peer speaks something else, or a bug corrupted the stream: tell it why, then hang up.
            LogProtocolError(_logger, Remote.ToString(), e.Message);
            PostAnswer(FrameKind.Reject, 0, Encoding.UTF8.GetBytes($"Protocol error: {e.Message}"));
            reason = new ConnectionLostException($"Protocol error on the connection to {Remote}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = new ConnectionLostException($"Reading from {Remote} failed: {e.Message}", e);
        }

        await _reader.CompleteAsync().ConfigureAwait(false);
        Close(reason);
    }

    private bool TryProcessFrame(ref ReadOnlySequence<byte> buffer)
    {
        if (_skipRemaining > 0)
        {
            var skipped = Math.Min(_skipRemaining, buffer.Length);
            buffer = buffer.Slice(skipped);
            _skipRemaining -= skipped;
            return _skipRemaining == 0;
        }

        if (!FrameCodec.TryReadHeader(buffer, out var header))
        {
            return false;
        }

        if (header.PayloadLength > _options.MaxFramePayloadBytes)
        {
            // Refuse the frame, not the connection: skip its bytes as they arrive and carry on.
            buffer = buffer.Slice(FrameCodec.HeaderSize);
            _skipRemaining = header.PayloadLength;
            RejectOversize(header);
            return true;
        }

        var frameLength = FrameCodec.HeaderSize + header.PayloadLength;
        if (buffer.Length < frameLength)
        {
            return false;
        }

        var payload = header.PayloadLength == 0 ? [] : buffer.Slice(FrameCodec.HeaderSize, header.PayloadLength).ToArray();
        buffer = buffer.Slice(frameLength);
        _instruments.FrameReceived();
        Dispatch(header, payload);
        return true;
    }

    private void Dispatch(in FrameHeader header, byte[] payload)
    {
        switch (header.Kind)
        {
            case FrameKind.Request:
            case FrameKind.OneWay:
                RunHandler(header, payload);
                break;
            case FrameKind.Response:
            case FrameKind.Pong:
                if (_pending.TryRemove(header.RequestId, out var answered))
                {
                    answered.TrySetResult(payload);
                }
                else
                {
                    DropLate(header.RequestId);
                }

                break;
            case FrameKind.Error:
            case FrameKind.Reject when header.RequestId != 0:
                var text = Encoding.UTF8.GetString(payload);
                var kind = header.Kind;
                Complete(header.RequestId, pending => pending.TrySetException(new RemoteRequestFailedException(kind, $"{Remote} refused or failed request #{pending.Id}: {text}")));
                break;
            case FrameKind.Reject:
                Close(new ConnectionLostException($"{Remote} rejected the connection: {Encoding.UTF8.GetString(payload)}"));
                break;
            case FrameKind.Ping:
                PostAnswer(FrameKind.Pong, header.RequestId, ReadOnlyMemory<byte>.Empty);
                break;
            default:
                throw new InvalidDataException($"A {header.Kind} frame arrived on an established connection.");
        }
    }

    private void Complete(long requestId, Action<PendingRequest> complete)
    {
        if (_pending.TryRemove(requestId, out var pending))
        {
            complete(pending);
            return;
        }

        DropLate(requestId);
    }

    private void DropLate(long requestId)
    {
        // Its caller already gave up (deadline or cancellation): the answer has nowhere to go.
        _instruments.LateResponseDropped();
        LogLateResponse(_logger, requestId, Remote.ToString());
    }

    private void RunHandler(FrameHeader header, byte[] payload)
    {
        var handler = _handler;
        if (handler is null)
        {
            Answer(header, new InvalidOperationException("This endpoint serves no requests."));
            return;
        }

        DateTimeOffset? deadline = header.DeadlineMilliseconds > 0 ? _time.GetUtcNow().AddMilliseconds(header.DeadlineMilliseconds) : null;
        var message = new InboundMessage(header.Kind, header.RequestId, header.Flags, payload, deadline, Remote);
        ValueTask<ReadOnlyMemory<byte>> work;
        try
        {
            work = handler(message, _closingToken);
        }
        catch (Exception e)
        {
            Answer(header, e);
            return;
        }

        if (work.IsCompletedSuccessfully)
        {
            Answer(header, work.Result);
        }
        else
        {
            _ = AnswerWhenDoneAsync(header, work);
        }
    }

    private async Task AnswerWhenDoneAsync(FrameHeader header, ValueTask<ReadOnlyMemory<byte>> work)
    {
        try
        {
            Answer(header, await work.ConfigureAwait(false));
        }
        catch (Exception e)
        {
            Answer(header, e);
        }
    }

    private void Answer(in FrameHeader request, ReadOnlyMemory<byte> result)
    {
        if (request.Kind != FrameKind.Request)
        {
            return;
        }

        if (result.Length > _options.MaxFramePayloadBytes)
        {
            _instruments.OversizeFrameRejected();
            PostAnswer(FrameKind.Error, request.RequestId, Encoding.UTF8.GetBytes(
                $"The response of {result.Length} bytes exceeds the limit of {_options.MaxFramePayloadBytes} bytes (MaxFramePayloadBytes); the request ran but its answer was not sent."));
            return;
        }

        PostAnswer(FrameKind.Response, request.RequestId, result);
    }

    private void Answer(in FrameHeader request, Exception error)
    {
        if (request.Kind != FrameKind.Request)
        {
            LogOneWayFailed(_logger, error, Remote.ToString());
            return;
        }

        PostAnswer(FrameKind.Error, request.RequestId, Encoding.UTF8.GetBytes($"{error.GetType().FullName}: {error.Message}"));
    }

    private void RejectOversize(in FrameHeader header)
    {
        _instruments.OversizeFrameRejected();
        LogOversizeFrame(_logger, header.Kind, header.PayloadLength, Remote.ToString(), _options.MaxFramePayloadBytes);
        var limit = _options.MaxFramePayloadBytes;
        var length = header.PayloadLength;
        switch (header.Kind)
        {
            case FrameKind.Request:
                PostAnswer(FrameKind.Reject, header.RequestId, Encoding.UTF8.GetBytes(
                    $"a {header.Kind} frame of {length} bytes exceeds the receiver's limit of {limit} bytes (MaxFramePayloadBytes); it was not processed."));
                break;
            case FrameKind.Response:
            case FrameKind.Pong:
                Complete(header.RequestId, pending => pending.TrySetException(new FrameTooLargeException(
                    $"The response to request #{pending.Id} from {Remote} is {length} bytes, over this side's limit of {limit} bytes (MaxFramePayloadBytes); it was dropped. The request ran.",
                    length,
                    limit)));
                break;
            default:
                // One-way messages and answers nobody can use: dropped, logged above.
                break;
        }
    }
}
