namespace JobHub.Storage.Postgres.Internal;

/// <summary>
/// One queued write or clear of a grain state and the caller's task. A caller may cancel only while the write is
/// still queued; once the writer has taken it, it is committed (or fails) and the caller learns the outcome.
/// </summary>
internal sealed class PendingStateWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource<long?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _registration;
    private int _state;

    public PendingStateWrite(string stateName, string grainId, byte[]? payload, long? expectedVersion)
    {
        StateName = stateName;
        GrainId = grainId;
        Payload = payload;
        ExpectedVersion = expectedVersion;
    }

    public string StateName { get; }

    /// <summary>The grain id as stored (<c>GrainId.ToString()</c>).</summary>
    public string GrainId { get; }

    /// <summary>The new payload, or null for a clear.</summary>
    public byte[]? Payload { get; }

    /// <summary>The version the caller read (its ETag), or null when it saw no row.</summary>
    public long? ExpectedVersion { get; }

    /// <summary>Completes with the new version (null after a clear of a state that had no row).</summary>
    public Task<long?> Completion => _completion.Task;

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

    public void Succeed(long? version)
    {
        _registration.Dispose();
        _completion.TrySetResult(version);
    }

    public void Fail(Exception exception)
    {
        _registration.Dispose();
        _completion.TrySetException(exception);
    }
}
