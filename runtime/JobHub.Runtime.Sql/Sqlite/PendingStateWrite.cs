namespace JobHub.Runtime.Sql.Sqlite;

/// <summary>
/// One queued grain-state write or clear and the caller's task. A caller may cancel only while the write is still
/// queued; once the writer has taken it, it is committed (or fails) and the caller learns the outcome.
/// </summary>
internal sealed class PendingStateWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource<string?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _registration;
    private int _state;

    public PendingStateWrite(string stateName, GrainId grainId, string? payloadJson, string? expectedEtag)
    {
        StateName = stateName;
        GrainId = grainId;
        PayloadJson = payloadJson;
        ExpectedEtag = expectedEtag;
    }

    public string StateName { get; }

    public GrainId GrainId { get; }

    /// <summary>The new payload, or null for a clear.</summary>
    public string? PayloadJson { get; }

    public string? ExpectedEtag { get; }

    public bool IsClear => PayloadJson is null;

    /// <summary>Completes with the new ETag (null after a clear).</summary>
    public Task<string?> Completion => _completion.Task;

    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(
                static (state, token) =>
                {
                    var write = (PendingStateWrite)state!;
                    if (Interlocked.CompareExchange(ref write._state, Cancelled, Queued) == Queued)
                    {
                        write._completion.TrySetCanceled(token);
                    }
                },
                this);
        }
    }

    /// <summary>Claims the write for the writer; false when the caller cancelled it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    public void Succeed(string? etag)
    {
        _registration.Dispose();
        _completion.TrySetResult(etag);
    }

    public void Fail(Exception exception)
    {
        _registration.Dispose();
        _completion.TrySetException(exception);
    }
}
