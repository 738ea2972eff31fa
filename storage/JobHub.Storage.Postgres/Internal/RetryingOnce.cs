namespace JobHub.Storage.Postgres.Internal;

/// <summary>
/// Runs an initialisation once for all callers; if it fails (database down at start), the next caller runs it again.
/// A caller's cancellation only stops that caller waiting, never the shared run.
/// </summary>
internal sealed class RetryingOnce(Func<CancellationToken, Task> action)
{
    private readonly Lock _gate = new();
    private Task? _task;

    public bool HasSucceeded => Volatile.Read(ref _task) is { IsCompletedSuccessfully: true };

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        var task = Volatile.Read(ref _task);
        if (task is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_task is null || _task.IsFaulted || _task.IsCanceled)
            {
                _task = Task.Run(() => action(CancellationToken.None), CancellationToken.None);
            }

            task = _task;
        }

        return task.WaitAsync(cancellationToken);
    }
}
