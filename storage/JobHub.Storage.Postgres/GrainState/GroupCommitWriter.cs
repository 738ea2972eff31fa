using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace JobHub.Storage.Postgres.Internal;

/// <summary>
/// Group commit for <see cref="PostgresGrainStorage"/>: one loop drains a bounded queue and commits up to a batch of
/// writes with one statement (<see cref="GrainStateSql.WriteBatch"/>, one round trip, one transaction), then completes
/// each caller on its own: a stale version fails that write only. Writes to the same state wait for the next batch,
/// so a batch never touches a row twice and writes to one state keep their order. When the server rejects a batch,
/// its writes are tried one statement each, so only the write at fault fails; when the connection fails, the batch
/// fails (its writes may or may not have been committed, as with any lost reply).
/// </summary>
internal sealed partial class GroupCommitWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly int _batchSize;
    private readonly Func<PendingStateWrite, long?, Exception> _conflict;
    private readonly ILogger _logger;
    private readonly Channel<PendingStateWrite> _queue;
    private readonly Task _loop;
    private long _committedBatches;

    /// <summary>Starts the writer loop.</summary>
    /// <param name="dataSource">The pool the batches are written through.</param>
    /// <param name="serviceId">The Orleans service id the rows belong to.</param>
    /// <param name="batchSize">At most this many writes per statement.</param>
    /// <param name="queueCapacity">At most this many writes waiting; callers wait for room beyond.</param>
    /// <param name="conflict">Makes the exception of a write whose version did not match (given the version seen).</param>
    /// <param name="logger">Where failed batches are logged.</param>
    public GroupCommitWriter(NpgsqlDataSource dataSource, string serviceId, int batchSize, int queueCapacity, Func<PendingStateWrite, long?, Exception> conflict, ILogger logger)
    {
        _dataSource = dataSource;
        _serviceId = serviceId;
        _batchSize = batchSize;
        _conflict = conflict;
        _logger = logger;
        _queue = Channel.CreateBounded<PendingStateWrite>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How many batch statements have committed (for tests and diagnostics).</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    /// <summary>Queues the write (waiting for room when the queue is full) and returns its new version.</summary>
    public async Task<long?> WriteAsync(PendingStateWrite write, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException(nameof(PostgresGrainStorage), ex);
        }

        write.RegisterCancellation(cancellationToken);
        return await write.Completion.ConfigureAwait(false);
    }

    /// <summary>Stops taking writes, commits those already queued, and ends the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingStateWrite>(_batchSize);
        var keys = new HashSet<(string State, string Grain)>();
        var later = new Queue<PendingStateWrite>();
        while (later.Count > 0 || await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            keys.Clear();
            for (var carried = later.Count; carried > 0 && batch.Count < _batchSize; carried--)
            {
                Add(later.Dequeue());
            }

            // Writes waiting for a later batch count against the queue too: stop taking more once a batch of them waits.
            while (batch.Count < _batchSize && later.Count < _batchSize && _queue.Reader.TryRead(out var write))
            {
                if (write.TryTake())
                {
                    Add(write);
                }
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch).ConfigureAwait(false);
            }
        }

        void Add(PendingStateWrite write)
        {
            if (keys.Add((write.StateName, write.GrainId)))
            {
                batch.Add(write);
            }
            else
            {
                later.Enqueue(write);
            }
        }
    }

    private async Task CommitAsync(List<PendingStateWrite> batch)
    {
        (long? NewVersion, long? SeenVersion)[] outcomes;
        try
        {
            outcomes = await ExecuteAsync(batch).ConfigureAwait(false);
            Interlocked.Increment(ref _committedBatches);
        }
        catch (PostgresException ex) when (batch.Count > 1)
        {
            LogBatchRejected(_logger, ex, batch.Count);
            foreach (var write in batch)
            {
                await CommitAsync([write]).ConfigureAwait(false);
            }

            return;
        }
        catch (Exception ex)
        {
            LogBatchFailed(_logger, ex, batch.Count);
            batch.ForEach(w => w.Fail(ex));
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            var (newVersion, seenVersion) = outcomes[i];
            var succeeded = write.ExpectedVersion is null && write.Payload is null
                ? seenVersion is null // a clear of a state never written: nothing to do unless a row appeared
                : newVersion is not null;
            if (succeeded)
            {
                write.Succeed(newVersion);
            }
            else
            {
                write.Fail(_conflict(write, seenVersion));
            }
        }
    }

    private async Task<(long? NewVersion, long? SeenVersion)[]> ExecuteAsync(List<PendingStateWrite> batch)
    {
        var stateNames = new string[batch.Count];
        var grainIds = new string[batch.Count];
        var payloads = new byte[]?[batch.Count];
        var expected = new long?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            stateNames[i] = batch[i].StateName;
            grainIds[i] = batch[i].GrainId;
            payloads[i] = batch[i].Payload;
            expected[i] = batch[i].ExpectedVersion;
        }

        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(GrainStateSql.WriteBatch, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", NpgsqlDbType.Text) { TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<string[]>("state_names", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = stateNames });
        command.Parameters.Add(new NpgsqlParameter<string[]>("grain_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = grainIds });
        command.Parameters.Add(new NpgsqlParameter<byte[]?[]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = payloads });
        command.Parameters.Add(new NpgsqlParameter<long?[]>("expected", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = expected });
        await command.PrepareAsync().ConfigureAwait(false);

        var outcomes = new (long?, long?)[batch.Count];
        var seen = new bool[batch.Count];
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var index = reader.GetInt32(0) - 1;
                outcomes[index] = (
                    reader.IsDBNull(1) ? null : reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetInt64(2));
                seen[index] = true;
            }
        }

        return Array.IndexOf(seen, false) < 0
            ? outcomes
            : throw new InvalidOperationException($"The grain-state batch statement answered {seen.Count(s => s)} rows for {batch.Count} writes.");
    }
}
