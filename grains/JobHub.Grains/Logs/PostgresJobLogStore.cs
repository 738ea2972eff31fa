using System.Runtime.CompilerServices;
using JobHub.Agent.Processes;
using JobHub.Grains.Storage;
using JobHub.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace JobHub.Grains.Logs;

/// <summary>
/// Job logs in the cluster's PostgreSQL database, so every silo reads every job's lines. An append is one statement:
/// it moves the job's row in <c>job_log_heads</c> on by the batch size (a row lock, so appends of one job from
/// several silos queue and commit in sequence order) and inserts the batch numbered from there, all or nothing; its
/// commit notifies every silo's <see cref="PostgresLogListener"/>, so followers anywhere see the lines at once.
/// </summary>
/// <remarks>PostgreSQL text cannot hold NUL characters; they are stored as U+FFFD.</remarks>
public sealed class PostgresJobLogStore : IJobLogStore, IAsyncDisposable
{
    private const string AppendSql = $"""
        WITH head AS (
            INSERT INTO job_log_heads AS h (job_id, last_seq) VALUES (@job, @count)
            ON CONFLICT (job_id) DO UPDATE SET last_seq = h.last_seq + @count
            RETURNING last_seq)
        INSERT INTO job_logs (job_id, seq, time_ticks, process, worker_index, stream, text, continuation)
        SELECT @job, head.last_seq - @count + line.ord, line.time_ticks, line.process, line.worker_index, line.stream, line.text, line.continuation
        FROM head, unnest(@times, @processes, @indexes, @streams, @texts, @continuations)
            WITH ORDINALITY AS line (time_ticks, process, worker_index, stream, text, continuation, ord);
        SELECT pg_notify('{PostgresLogListener.Channel}', @job);
        """;

    private readonly PostgresDatabase _database;
    private readonly PostgresJobLogStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly LogAppendSignal _signal = new();
    private readonly PostgresLogListener _listener;

    /// <summary>Creates the store on the runtime's database; its tables are created on first use.</summary>
    public PostgresJobLogStore(PostgresDatabase database, IOptions<PostgresJobLogStoreOptions> options, TimeProvider time, ILogger<PostgresJobLogStore> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _database = database;
        _options = options.Value;
        _time = time;
        _listener = new PostgresLogListener(database.DataSource, _signal, time, logger);
    }

    /// <inheritdoc />
    public async Task AppendAsync(string jobId, IReadOnlyList<LogLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return;
        }

        await using (var connection = await JobTablesPostgresMigrations.Tables.OpenAsync(_database, cancellationToken).ConfigureAwait(false))
        await using (var command = new NpgsqlCommand(AppendSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string>("job", NpgsqlDbType.Text) { TypedValue = jobId });
            command.Parameters.Add(new NpgsqlParameter<long>("count", NpgsqlDbType.Bigint) { TypedValue = lines.Count });
            command.Parameters.Add(Array("times", NpgsqlDbType.Bigint, lines, line => line.Time.UtcTicks));
            command.Parameters.Add(Array("processes", NpgsqlDbType.Text, lines, line => line.Process.ToString()));
            command.Parameters.Add(Array("indexes", NpgsqlDbType.Integer, lines, line => line.Process.WorkerIndex));
            command.Parameters.Add(Array("streams", NpgsqlDbType.Integer, lines, line => (int)line.Stream));
            command.Parameters.Add(Array("texts", NpgsqlDbType.Text, lines, line => line.Text.Replace('\0', '\uFFFD')));
            command.Parameters.Add(Array("continuations", NpgsqlDbType.Boolean, lines, line => line.IsContinuation));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _signal.Pulse(jobId);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobLogEntry>> ReadAsync(string jobId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return QueryAsync($"SELECT {JobLogRows.Columns} FROM job_logs WHERE job_id = @job AND seq > @after ORDER BY seq LIMIT @limit", jobId, afterSequence, limit, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobLogEntry>> TailAsync(string jobId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var newestFirst = await QueryAsync(
            $"SELECT {JobLogRows.Columns} FROM job_logs WHERE job_id = @job AND seq > @after ORDER BY seq DESC LIMIT @limit", jobId, 0, count, cancellationToken).ConfigureAwait(false);
        return newestFirst.Reverse().ToList();
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JobLogEntry> FollowAsync(string jobId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _listener.EnsureListeningAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entry in JobLogFollower.FollowAsync(this, _signal, _time, _options.FollowPollInterval, jobId, afterSequence, cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    /// <summary>Stops listening for other silos' appends.</summary>
    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private static NpgsqlParameter<T[]> Array<T>(string name, NpgsqlDbType elementType, IReadOnlyList<LogLine> lines, Func<LogLine, T> select) =>
        new(name, NpgsqlDbType.Array | elementType) { TypedValue = lines.Select(select).ToArray() };

    private async Task<IReadOnlyList<JobLogEntry>> QueryAsync(string sql, string jobId, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        await using var connection = await JobTablesPostgresMigrations.Tables.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("job", NpgsqlDbType.Text) { TypedValue = jobId });
        command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await JobLogRows.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
    }
}
