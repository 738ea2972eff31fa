namespace JobHub.Runtime.Messaging;

/// <summary>
/// The caller's side of a request. Continuations run asynchronously so that completing a response
/// never runs the caller's code inside the callee's turn.
/// </summary>
internal sealed class ResponseCompletion<TResult>() : TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), IResponseSink<TResult>
{
    private Message? _message;
    private PendingCalls? _pending;

    public void Bind(Message message, PendingCalls pending)
    {
        _message = message;
        _pending = pending;
    }

    void IResponseSink<TResult>.SetResult(TResult result)
    {
        if (TrySetResult(result))
        {
            _pending?.Completed(_message!, failed: false);
        }
    }

    void IResponseSink.SetBoxedResult(object? result) => ((IResponseSink<TResult>)this).SetResult((TResult)result!);

    void IResponseSink.SetException(Exception exception)
    {
        if (TrySetException(exception))
        {
            _pending?.Completed(_message!, failed: true);
        }
    }
}
