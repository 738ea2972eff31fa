namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// A provider's hold on its file's group-commit writer: taken at start (or on first write), given back at stop,
/// after which writes are refused. Start is retried by the next caller when it failed.
/// </summary>
internal sealed class WriterLease(SqliteDatabase database, WriterSettings settings, string owner, bool mustMatch)
{
    private readonly RetryingOnce _start = new();
    private SqliteGroupCommitWriter? _writer;
    private volatile bool _stopped;

    public WriterSettings Settings => settings;

    /// <summary>Creates or migrates the file and joins its writer; done once.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _start.EnsureAsync(StartCoreAsync, cancellationToken);

    /// <summary>The writer, joining it first if needed.</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="StopAsync"/>.</exception>
    public async ValueTask<SqliteGroupCommitWriter> GetAsync(CancellationToken cancellationToken)
    {
        if (_writer is { } writer)
        {
            return writer;
        }

        await StartAsync(cancellationToken);
        return _writer ?? throw Stopped();
    }

    /// <summary>Gives the writer back (the last user drains and stops it); true when this lease held it.</summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        var writer = Interlocked.Exchange(ref _writer, null);
        if (writer is null)
        {
            return false;
        }

        await database.ReleaseWriterAsync(writer).AsTask().WaitAsync(cancellationToken);
        return true;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            throw Stopped();
        }

        await database.EnsureMigratedAsync(settings.Connection, cancellationToken);
        var writer = database.AcquireWriter(settings, owner, mustMatch);
        if (Interlocked.CompareExchange(ref _writer, writer, null) is not null)
        {
            await database.ReleaseWriterAsync(writer);
            return;
        }

        if (_stopped && ReferenceEquals(Interlocked.CompareExchange(ref _writer, null, writer), writer))
        {
            // Stopped while starting: hand the writer back rather than keep it alive.
            await database.ReleaseWriterAsync(writer);
            throw Stopped();
        }
    }

    private ObjectDisposedException Stopped() => new(owner, $"{owner} is stopped; it takes no more writes.");
}
