namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// Runs an initialisation once for all callers; if it fails (file locked or unreadable at start), the next caller
/// runs it again. A caller's cancellation only stops that caller waiting, never the shared run.
/// </summary>
internal sealed class RetryingOnce
{
    private readonly Lock _gate = new();
    private Task? _task;

    public bool IsDone => Volatile.Read(ref _task) is { IsCompletedSuccessfully: true };

    /// <summary>Runs <paramref name="action"/> unless a run already succeeded or is in flight.</summary>
    public Task EnsureAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken)
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
