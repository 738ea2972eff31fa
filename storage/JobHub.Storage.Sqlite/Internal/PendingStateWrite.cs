using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>A queued grain-state write or clear; completes with the new ETag or an <see cref="InconsistentStateException"/>.</summary>
internal sealed class PendingStateWrite : PendingWrite
{
    private readonly TaskCompletionSource<string?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _etag;
    private InconsistentStateException? _conflict;

    public PendingStateWrite(string stateName, GrainId grainId, byte[]? payload, string? expectedEtag)
    {
        StateName = stateName;
        GrainId = grainId;
        GrainKey = grainId.ToString();
        Payload = payload;
        ExpectedEtag = expectedEtag;
    }

    public string StateName { get; }

    public GrainId GrainId { get; }

    /// <summary>The row key: <see cref="GrainId.ToString"/>.</summary>
    public string GrainKey { get; }

    /// <summary>The serialized state, or null for a clear.</summary>
    public byte[]? Payload { get; }

    public string? ExpectedEtag { get; }

    public bool IsClear => Payload is null;

    /// <summary>Completes with the new ETag (after a clear: the tombstone's, or null when there never was a row).</summary>
    public Task<string?> Completion => _completion.Task;

    public override string Description => $"state {StateName} of grain {GrainKey}";

    public override void Apply(SqliteWriterCommands commands, SqliteTransaction transaction, long nowTicks) =>
        (_etag, _conflict) = commands.State.Apply(this, transaction, nowTicks);

    protected override void Publish()
    {
        if (_conflict is not null)
        {
            _completion.TrySetException(_conflict);
        }
        else
        {
            _completion.TrySetResult(_etag);
        }
    }

    protected override void PublishFailure(Exception exception) => _completion.TrySetException(exception);

    protected override void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
