using JobHub.Runtime.Messaging;
using JobHub.Runtime.Serialization;

namespace JobHub.Runtime.Cluster;

/// <summary>The receiving silo's side of a remote call: the outcome becomes the response body sent back to the caller.</summary>
internal sealed class RemoteResponseSink<TResult>(WireFormat wire) : IResponseSink<TResult>, IRelayedAnswerSink
{
    // Continuations run inline: what waits on the body only queues it on the connection, which is cheap
    // enough for the grain's turn to do, and saves a thread-pool hop per call.
    private readonly TaskCompletionSource<ReadOnlyMemory<byte>> _body = new();

    public Task<ReadOnlyMemory<byte>> Body => _body.Task;

    public void SetResult(TResult result)
    {
        try
        {
            _body.TrySetResult(wire.WriteResult(result, typeof(TResult)));
        }
        catch (Exception ex) when (ex is NotSupportedException or System.Text.Json.JsonException or InvalidOperationException)
        {
            _body.TrySetResult(wire.WriteException(new GrainArgumentCopyException($"The result ({typeof(TResult).FullName}) could not be serialized: {ex.Message}", typeof(TResult), ex)));
        }
    }

    public void SetBoxedResult(object? result) => SetResult((TResult)result!);

    /// <summary>
    /// The call failed. A refusal type (NotOwner, ClientNotConnected) reaching here came out of the call's own
    /// work (a call it made was refused), so it goes back wrapped: the caller's router must not read it as a
    /// refusal of this call and send again something that ran. The router's own refusals use <see cref="Refuse"/>.
    /// </summary>
    public void SetException(Exception exception) =>
        _body.TrySetResult(wire.WriteException(exception is NotOwnerException or ClientNotConnectedException
            ? new InvalidOperationException($"A call made while handling this request was refused ({exception.GetType().Name}): {exception.Message}", exception)
            : exception));

    public void Refuse(Exception refusal) => _body.TrySetResult(wire.WriteException(refusal));

    public void SetAnswer(ReadOnlyMemory<byte> body) => _body.TrySetResult(body);
}
