using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// One change queued for the group-commit writer. The writer applies it inside a batch transaction (remembering
/// the outcome), and completes the caller only after that transaction committed. A caller may cancel only while
/// the change is still queued; once the writer has taken it, it is committed (or fails) and the caller learns that.
/// </summary>
internal abstract class PendingWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private CancellationTokenRegistration _registration;
    private int _state;

    /// <summary>For logs: what this change is about.</summary>
    public abstract string Description { get; }

    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(
                static (state, token) =>
                {
                    var write = (PendingWrite)state!;
                    if (Interlocked.CompareExchange(ref write._state, Cancelled, Queued) == Queued)
                    {
                        write.Cancel(token);
                    }
                },
                this);
        }
    }

    /// <summary>Claims the change for the writer; false when the caller cancelled it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Runs the change in <paramref name="transaction"/> and remembers its outcome (a conflict is an outcome, not an exception).</summary>
    public abstract void Apply(SqliteWriterCommands commands, SqliteTransaction transaction, long nowTicks);

    /// <summary>Hands the remembered outcome to the caller; called once the transaction committed.</summary>
    public void Complete()
    {
        _registration.Dispose();
        Publish();
    }

    public void Fail(Exception exception)
    {
        _registration.Dispose();
        PublishFailure(exception);
    }

    protected abstract void Publish();

    protected abstract void PublishFailure(Exception exception);

    protected abstract void Cancel(CancellationToken cancellationToken);
}
