namespace JobHub.Runtime.Networking;

/// <summary>A request waiting for its answer, by request id, on the connection that carried it.</summary>
internal sealed class PendingRequest : TaskCompletionSource<ReadOnlyMemory<byte>>
{
    public PendingRequest(long id, long deadlineTimestamp)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Id = id;
        DeadlineTimestamp = deadlineTimestamp;
    }

    public long Id { get; }

    /// <summary>On the local <see cref="TimeProvider"/>; 0 means no deadline.</summary>
    public long DeadlineTimestamp { get; }
}
