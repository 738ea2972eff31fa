namespace JobHub.Runtime.Networking;

/// <summary>
/// A request waiting for its answer, by request id, on the connection that carried it. Its continuations
/// run on the thread pool, unless <c>answerInline</c>: then they run where the answer arrives (the read
/// loop), which only a caller whose continuation is short and never blocks may ask for.
/// </summary>
internal sealed class PendingRequest : TaskCompletionSource<ReadOnlyMemory<byte>>
{
    public PendingRequest(long id, long deadlineTimestamp, bool answerInline = false)
        : base(answerInline ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Id = id;
        DeadlineTimestamp = deadlineTimestamp;
    }

    public long Id { get; }

    /// <summary>On the local <see cref="TimeProvider"/>; 0 means no deadline.</summary>
    public long DeadlineTimestamp { get; }
}
