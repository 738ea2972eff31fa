using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// Group commit: one thread owns the file's writer connection, takes up to <c>WriteBatchSize</c> queued changes
/// (grain-state writes and reminder changes) and commits them in one <c>BEGIN IMMEDIATE</c> transaction with prepared
/// statements, then completes each caller on its own (a version conflict fails that write only). If a statement or
/// the commit fails for another reason the batch is rolled back and its changes are retried one transaction each,
/// so only the change at fault fails. Being the only writer of the file in the process, it never waits for a lock
/// held by this process.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite's calls are synchronous (an fsync per commit), so the loop runs on its own thread rather
/// than holding one of the thread pool's, which Orleans schedules grains on. Callers are completed asynchronously.
/// </remarks>
internal sealed partial class SqliteGroupCommitWriter : IAsyncDisposable
{
    private const int SqliteBusy = 5;
    private const int SqliteConstraint = 19;

    private readonly SqliteDatabase _database;
    private readonly WriterSettings _settings;
    private readonly ILogger _logger;
    private readonly Channel<PendingWrite> _queue;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SqliteWriterCommands? _commands;

    public SqliteGroupCommitWriter(SqliteDatabase database, WriterSettings settings, ILogger logger)
    {
        _database = database;
        _settings = settings;
        _logger = logger;
        _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(settings.MaxPendingWrites)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var thread = new Thread(Run)
        {
            IsBackground = true,
            Name = $"SQLite group commit ({Path.GetFileName(database.FilePath)})",
        };
        thread.Start();
    }

    /// <summary>The settings the writer was started with.</summary>
    public WriterSettings Settings => _settings;

    /// <summary>Queues <paramref name="write"/> (waiting while the queue is full); await its own completion for the outcome.</summary>
    /// <exception cref="ObjectDisposedException">The writer was stopped.</exception>
    public async ValueTask EnqueueAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            try
            {
                await _queue.Writer.WriteAsync(write, cancellationToken);
            }
            catch (ChannelClosedException ex)
            {
                throw new ObjectDisposedException($"The SQLite writer of {_database.FilePath} is stopped.", ex);
            }
        }

        write.RegisterCancellation(cancellationToken);
    }

    /// <summary>Stops taking writes, commits the queued ones, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task;
    }

    private void Run()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>(_settings.WriteBatchSize);
        try
        {
            // A dedicated thread may block while the queue is empty; under load TryRead always finds work.
            while (reader.TryPeek(out _) || ChannelBlockingWait.WaitToRead(reader))
            {
                batch.Clear();
                while (batch.Count < _settings.WriteBatchSize && reader.TryRead(out var write))
                {
                    if (write.TryTake())
                    {
                        batch.Add(write);
                    }
                }

                if (batch.Count > 0)
                {
                    Commit(batch);
                }
            }
        }
        catch (Exception ex)
        {
            LogWriterCrashed(_logger, ex, _database.FilePath);
            var failure = new ObjectDisposedException($"The SQLite writer of {_database.FilePath} stopped after an unexpected error.", ex);
            batch.ForEach(w => w.Fail(failure));
            _queue.Writer.TryComplete(failure);
            while (reader.TryRead(out var write))
            {
                write.Fail(failure);
            }
        }
        finally
        {
            ResetConnection();
            _stopped.TrySetResult();
        }
    }


    private void Commit(List<PendingWrite> batch)
    {
        SqliteWriterCommands commands;
        SqliteTransaction transaction;
        try
        {
            commands = GetCommands();
            transaction = commands.Connection.BeginTransaction(deferred: false);
        }
        catch (Exception ex)
        {
            // No lock or no connection: retrying each write would only wait out the busy timeout once per write.
            LogBeginFailed(_logger, ex, batch.Count, _database.FilePath);
            ResetConnection();
            batch.ForEach(w => w.Fail(ex));
            return;
        }

        try
        {
            using (transaction)
            {
                var now = _database.TimeProvider.GetUtcNow().UtcTicks;
                foreach (var write in batch)
                {
                    write.Apply(commands, transaction, now);
                }

                transaction.Commit();
            }
        }
        catch (Exception ex)
        {
            LogBatchFailed(_logger, ex, batch.Count, _database.FilePath);
            CommitOneByOne(batch);
            return;
        }

        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    private void CommitOneByOne(List<PendingWrite> batch)
    {
        foreach (var write in batch)
        {
            try
            {
                var commands = GetCommands();
                using (var transaction = commands.Connection.BeginTransaction(deferred: false))
                {
                    write.Apply(commands, transaction, _database.TimeProvider.GetUtcNow().UtcTicks);
                    transaction.Commit();
                }

                write.Complete();
            }
            catch (Exception ex)
            {
                LogWriteFailed(_logger, ex, write.Description, _database.FilePath);
                write.Fail(ex);
                if (ex is not SqliteException { SqliteErrorCode: SqliteBusy or SqliteConstraint })
                {
                    // The connection may be broken (I/O error, file replaced): start afresh for the next write.
                    ResetConnection();
                }
            }
        }
    }

    private SqliteWriterCommands GetCommands() =>
        _commands ??= new SqliteWriterCommands(_database.OpenWriterConnection(_settings.Connection));

    private void ResetConnection()
    {
        _commands?.Dispose();
        _commands = null;
    }
}
