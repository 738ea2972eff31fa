using System.Threading.Channels;
using JobHub.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Storage;

/// <summary>
/// Group commit for a SQLite file with one kind of row (the job list, the billing ledger): one thread owns the only
/// writing connection, takes what is queued (up to <see cref="MaxBatch"/>) and commits it in one transaction, then
/// completes each caller with its own result. When a batch fails, each of its items is tried again in a transaction of
/// its own, so only a bad item fails its caller; the next try starts on a fresh connection (the disk may have been full).
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite's calls are synchronous (a commit waits for its fsync), so the loop runs on a thread of its own
/// instead of blocking one of the thread pool's, which Orleans runs grains on: on two cores a pool thread stuck in fsync
/// makes the pool inject threads and the grains wait. Callers are completed asynchronously.
/// </remarks>
/// <typeparam name="TItem">One queued row.</typeparam>
/// <typeparam name="TResult">What its caller learns (e.g. written or already there).</typeparam>
internal sealed partial class SqliteBatchWriter<TItem, TResult> : IAsyncDisposable
{
    /// <summary>The most items committed in one transaction.</summary>
    public const int MaxBatch = 512;

    private readonly string _connectionString;
    private readonly SqliteSchema _schema;
    private readonly Func<SqliteConnection, SqliteTransaction, IReadOnlyList<TItem>, TResult[]> _commit;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the writer's thread.</summary>
    /// <param name="name">What is written (<c>billing ledger</c>), for the thread's name and the log.</param>
    /// <param name="connectionString">The file's connection string.</param>
    /// <param name="schema">Creates the file's tables before the first write.</param>
    /// <param name="commit">Writes the items in the open transaction (commands must be given it) and returns one result per item, in order.</param>
    /// <param name="logger">Where a failed batch is logged.</param>
    public SqliteBatchWriter(string name, string connectionString, SqliteSchema schema, Func<SqliteConnection, SqliteTransaction, IReadOnlyList<TItem>, TResult[]> commit, ILogger logger)
    {
        _name = name;
        _connectionString = connectionString;
        _schema = schema;
        _commit = commit;
        _logger = logger;
        new Thread(Run) { IsBackground = true, Name = $"SQLite group commit ({name})" }.Start();
    }

    /// <summary>Queues <paramref name="item"/>; completes once it is committed (with the others queued meanwhile).</summary>
    /// <exception cref="ObjectDisposedException">The writer was stopped.</exception>
    public Task<TResult> WriteAsync(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException($"The SQLite writer of the {_name} is stopped.");
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Commits what is queued, then stops the thread and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task.ConfigureAwait(false);
    }

    private void Run()
    {
        var batch = new List<Pending>(MaxBatch);
        SqliteConnection? connection = null;
        try
        {
            while (ChannelBlockingWait.WaitToRead(_queue.Reader))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                connection = Commit(connection, batch);
            }
        }
        finally
        {
            connection?.Dispose();
            _stopped.TrySetResult();
        }
    }


    private SqliteConnection? Commit(SqliteConnection? connection, List<Pending> batch)
    {
        try
        {
            connection ??= Open();
            var results = CommitInTransaction(connection, batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }

            return connection;
        }
        catch (Exception ex) when (batch.Count == 1)
        {
            LogWriteFailed(_logger, ex, _name);
            connection?.Dispose();
            batch[0].Done.TrySetException(ex);
            return null;
        }
        catch (Exception ex)
        {
            LogBatchFailed(_logger, ex, batch.Count, _name);
            connection?.Dispose();
            connection = null;
            foreach (var pending in batch)
            {
                connection = Commit(connection, [pending]);
            }

            return connection;
        }
    }

    private TResult[] CommitInTransaction(SqliteConnection connection, List<Pending> batch)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var results = _commit(connection, transaction, batch.ConvertAll(pending => pending.Item));
        transaction.Commit();
        return results;
    }

    private SqliteConnection Open()
    {
        _schema.EnsureCreatedAsync().GetAwaiter().GetResult();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "A batch of {Count} writes to the {Store} failed; each is tried on its own so only a bad one fails its caller")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string store);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "A write to the {Store} failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string store);

    private sealed class Pending(TItem item)
    {
        public TItem Item { get; } = item;

        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
