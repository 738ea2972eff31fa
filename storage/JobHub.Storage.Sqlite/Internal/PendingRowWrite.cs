using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>A queued row of another store (<see cref="SqliteRowKind{TItem, TResult}"/>), committed with the grain-state writes of its batch.</summary>
internal sealed class PendingRowWrite<TItem, TResult>(SqliteRowKind<TItem, TResult> kind, TItem item) : PendingWrite
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;

    public Task<TResult> Completion => _completion.Task;

    public override string Description => $"a row of the {kind.Name}";

    public override void Apply(SqliteWriterCommands commands, SqliteTransaction transaction, long nowTicks)
    {
        var command = commands.For(kind);
        command.Transaction = transaction;
        _result = kind.Write(command, item);
    }

    protected override void Publish() => _completion.TrySetResult(_result!);

    protected override void PublishFailure(Exception exception) => _completion.TrySetException(exception);

    protected override void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
