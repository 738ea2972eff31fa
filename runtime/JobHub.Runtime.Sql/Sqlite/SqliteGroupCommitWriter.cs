using System.Threading.Channels;
using JobHub.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Sql.Sqlite;

/// <summary>
/// Group commit: one loop owns the writer connection, takes up to <c>WriteBatchSize</c> queued writes and commits
/// them in one <c>BEGIN IMMEDIATE</c> transaction with prepared statements, then completes each caller on its own
/// (a conflict fails that write only). If a statement fails for another reason the batch is rolled back and its
/// writes are retried one transaction each, so only the write at fault fails.
/// </summary>
internal sealed partial class SqliteGroupCommitWriter : IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly ILogger _logger;
    private readonly Channel<PendingStateWrite> _queue;
    private readonly Task _loop;
    private SqliteConnection? _connection;
    private SqliteStateCommands? _commands;

    public SqliteGroupCommitWriter(SqliteDatabase database, ILogger logger)
    {
        _database = database;
        _logger = logger;
        _queue = Channel.CreateBounded<PendingStateWrite>(new BoundedChannelOptions(database.Options.MaxPendingWrites)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    public async Task<string?> EnqueueAsync(PendingStateWrite write, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(write, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException(nameof(SqliteGrainStorage), ex);
        }

        write.RegisterCancellation(cancellationToken);
        return await write.Completion;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batchSize = _database.Options.WriteBatchSize;
        var batch = new List<PendingStateWrite>(batchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                batch.Clear();
                while (batch.Count < batchSize && _queue.Reader.TryRead(out var write))
                {
                    if (write.TryTake())
                    {
                        batch.Add(write);
                    }
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(batch);
                }
            }
        }
        finally
        {
            ResetConnection();
        }
    }

    private async Task CommitAsync(List<PendingStateWrite> batch)
    {
        SqliteStateCommands commands;
        try
        {
            commands = await GetCommandsAsync();
        }
        catch (Exception ex)
        {
            LogConnectFailed(_logger, ex, batch.Count);
            ResetConnection();
            batch.ForEach(w => w.Fail(ex));
            return;
        }

        var outcomes = new (string? Etag, InconsistentStateException? Conflict)[batch.Count];
        try
        {
            var now = _database.TimeProvider.GetUtcNow().UtcTicks;
            using (var transaction = _connection!.BeginTransaction(deferred: false))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    outcomes[i] = commands.Apply(batch[i], transaction, now);
                }

                transaction.Commit();
            }
        }
        catch (Exception ex)
        {
            LogBatchFailed(_logger, ex, batch.Count);
            await CommitOneByOneAsync(batch);
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            Complete(batch[i], outcomes[i]);
        }
    }

    private async Task CommitOneByOneAsync(List<PendingStateWrite> batch)
    {
        foreach (var write in batch)
        {
            try
            {
                var commands = await GetCommandsAsync();
                (string? Etag, InconsistentStateException? Conflict) outcome;
                using (var transaction = _connection!.BeginTransaction(deferred: false))
                {
                    outcome = commands.Apply(write, transaction, _database.TimeProvider.GetUtcNow().UtcTicks);
                    transaction.Commit();
                }

                Complete(write, outcome);
            }
            catch (Exception ex)
            {
                write.Fail(ex);
                if (ex is SqliteException { SqliteErrorCode: not (SQLITE_BUSY or SQLITE_CONSTRAINT) })
                {
                    // The connection may be broken (I/O error, file replaced): start afresh with the next batch.
                    ResetConnection();
                }
            }
        }
    }

    private const int SQLITE_BUSY = 5;
    private const int SQLITE_CONSTRAINT = 19;

    private static void Complete(PendingStateWrite write, (string? Etag, InconsistentStateException? Conflict) outcome)
    {
        if (outcome.Conflict is { } conflict)
        {
            write.Fail(conflict);
        }
        else
        {
            write.Succeed(outcome.Etag);
        }
    }

    private async Task<SqliteStateCommands> GetCommandsAsync()
    {
        if (_commands is not null)
        {
            return _commands;
        }

        _connection = await _database.OpenAsync(CancellationToken.None);
        _commands = new SqliteStateCommands(_connection);
        return _commands;
    }

    private void ResetConnection()
    {
        _commands?.Dispose();
        _commands = null;
        _connection?.Dispose();
        _connection = null;
    }
}
