using System.Threading.Channels;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Storage;
using JobHub.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace JobHub.Grains.Jobs.Index;

/// <summary>
/// The job list in the cluster's PostgreSQL database (table <c>job_index</c>), so every silo lists every job. Row
/// writes are group-committed: one loop takes what is queued and writes it with one statement over arrays, so a busy
/// silo pays one round trip (and one transaction) per batch instead of one per job state change.
/// </summary>
public sealed partial class PostgresJobIndex : IJobIndex, IAsyncDisposable
{
    private const int MaxBatch = 256;

    private const string UpsertSql = """
        INSERT INTO job_index (job_id, name, owner, state, reason, submitted_ticks, started_ticks, ended_ticks)
        SELECT * FROM unnest(@ids, @names, @owners, @states, @reasons, @submitted, @started, @ended)
        ON CONFLICT (job_id) DO UPDATE SET name = excluded.name, owner = excluded.owner, state = excluded.state,
            reason = excluded.reason, submitted_ticks = excluded.submitted_ticks, started_ticks = excluded.started_ticks, ended_ticks = excluded.ended_ticks
        """;

    private readonly PostgresDatabase _database;
    private readonly ILogger _logger;
    private readonly Channel<PendingUpsert> _queue = Channel.CreateUnbounded<PendingUpsert>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Creates the index on the cluster's database; its table is created by the silo's migrations (or on first use).</summary>
    public PostgresJobIndex(PostgresDatabase database, ILogger<PostgresJobIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <inheritdoc />
    public async Task UpsertAsync(JobSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var pending = new PendingUpsert(summary);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresJobIndex));
        }

        await pending.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes what is queued, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = JobListCursor.Decode(query.Cursor);
        await using var connection = await JobTablesPostgresMigrations.Tables.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        var where = new List<string>();
        if (query.Owner is not null)
        {
            where.Add("owner = @owner");
            command.Parameters.Add(new NpgsqlParameter<string>("owner", NpgsqlDbType.Text) { TypedValue = query.Owner });
        }

        if (query.State is not null)
        {
            where.Add("state = @state");
            command.Parameters.Add(new NpgsqlParameter<int>("state", NpgsqlDbType.Integer) { TypedValue = (int)query.State });
        }

        if (after is not null)
        {
            where.Add("(submitted_ticks, job_id) < (@afterTicks, @afterId)");
            command.Parameters.Add(new NpgsqlParameter<long>("afterTicks", NpgsqlDbType.Bigint) { TypedValue = after.Value.SubmittedTicks });
            command.Parameters.Add(new NpgsqlParameter<string>("afterId", NpgsqlDbType.Text) { TypedValue = after.Value.JobId });
        }

        command.CommandText = $"SELECT {JobIndexRows.Columns} FROM job_index" +
            (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty) +
            " ORDER BY submitted_ticks DESC, job_id DESC LIMIT @limit";
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = query.Limit + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await JobIndexRows.ReadPageAsync(reader, query.Limit, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingUpsert>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await WriteAsync(batch).ConfigureAwait(false);
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                // Row by row, so only a row at fault fails (its job retries it).
                LogBatchFailed(ex, batch.Count);
                foreach (var pending in batch)
                {
                    try
                    {
                        await WriteAsync([pending]).ConfigureAwait(false);
                        pending.Done.TrySetResult();
                    }
                    catch (Exception one)
                    {
                        pending.Done.TrySetException(one);
                    }
                }
            }
            catch (Exception ex)
            {
                batch.ForEach(p => p.Done.TrySetException(ex));
            }
        }
    }

    private async Task WriteAsync(List<PendingUpsert> batch)
    {
        // One row per job in a statement (ON CONFLICT cannot touch a row twice): the latest summary of each.
        var rows = batch.GroupBy(p => p.Summary.JobId, StringComparer.Ordinal).Select(g => g.Last().Summary).ToList();
        await using var connection = await JobTablesPostgresMigrations.Tables.OpenAsync(_database, CancellationToken.None).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(UpsertSql, connection);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.Select(r => r.JobId)] });
        p.Add(new NpgsqlParameter<string[]>("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.Select(r => r.Name)] });
        p.Add(new NpgsqlParameter<string[]>("owners", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.Select(r => r.Owner)] });
        p.Add(new NpgsqlParameter<int[]>("states", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. rows.Select(r => (int)r.State)] });
        p.Add(new NpgsqlParameter<string[]>("reasons", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.Select(r => r.Reason)] });
        p.Add(new NpgsqlParameter<long[]>("submitted", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. rows.Select(r => r.SubmittedAt.UtcTicks)] });
        p.Add(new NpgsqlParameter<long?[]>("started", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. rows.Select(r => r.StartedAt?.UtcTicks)] });
        p.Add(new NpgsqlParameter<long?[]>("ended", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. rows.Select(r => r.EndedAt?.UtcTicks)] });
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private void LogBatchFailed(Exception exception, int rows) => LogBatchFailed(_logger, exception, rows);

    [LoggerMessage(EventId = 4700, Level = LogLevel.Warning, Message = "A batch of {Rows} job list rows could not be written; writing them one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int rows);

    private sealed class PendingUpsert(JobSummary summary)
    {
        public JobSummary Summary { get; } = summary;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
