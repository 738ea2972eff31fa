using JobHub.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite;

/// <summary>
/// A store's hold on a SQLite file that grain storage may share (<see cref="SqliteFiles.Join"/>): its rows are queued
/// to the file's one group-commit writer and committed in the writer's next transaction together with whatever else
/// is queued (grain-state writes, reminder changes, other stores' rows), so a silo pays one fsync for all of them. A
/// write completes only once its transaction is committed (durable with <c>synchronous=FULL</c>, the default).
/// </summary>
/// <remarks>
/// The file is created and migrated (grain storage's schema) on first use. The store creates its own tables
/// (<c>CREATE TABLE IF NOT EXISTS</c>) before its first write. Disposing leaves the writer; the last user of the file
/// commits what is queued and stops it.
/// </remarks>
public sealed class SqliteSharedFile : IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly WriterLease _lease;
    private readonly SqliteDatabaseRegistry? _ownedRegistry;

    internal SqliteSharedFile(SqliteDatabase database, WriterLease lease, SqliteDatabaseRegistry? ownedRegistry)
    {
        _database = database;
        _lease = lease;
        _ownedRegistry = ownedRegistry;
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath => _database.FilePath;

    /// <summary>Creates or migrates the file and joins its writer (also done on first write); a failed try is retried by the next call.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _lease.StartAsync(cancellationToken);

    /// <summary>Queues <paramref name="item"/>; completes with its result once the transaction holding it is committed.</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="DisposeAsync"/>, or when the writer stopped.</exception>
    public async Task<TResult> WriteAsync<TItem, TResult>(SqliteRowKind<TItem, TResult> kind, TItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var write = new PendingRowWrite<TItem, TResult>(kind, item);
        var writer = await _lease.GetAsync(cancellationToken).ConfigureAwait(false);
        await writer.EnqueueAsync(write, cancellationToken).ConfigureAwait(false);
        return await write.Completion.ConfigureAwait(false);
    }

    /// <summary>Opens a pooled connection for reads (and the store's own schema statements), the file migrated first; never blocks on the writer (WAL).</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        _database.OpenAsync(_lease.Settings.Connection, cancellationToken);

    /// <summary>Commits what this store queued and leaves the file's writer.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lease.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_ownedRegistry is not null)
        {
            await _ownedRegistry.DisposeAsync().ConfigureAwait(false);
        }
    }
}
