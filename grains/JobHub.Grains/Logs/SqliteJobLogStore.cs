using JobHub.Agent.Processes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Logs;

/// <summary>
/// Job logs in a SQLite file (WAL). Sequences are per job, assigned inside the append transaction
/// (<c>BEGIN IMMEDIATE</c>), so silo processes sharing the file never hand out one twice.
/// </summary>
public sealed class SqliteJobLogStore : IJobLogStore, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS job_logs (
            job_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            time_ticks INTEGER NOT NULL,
            process TEXT NOT NULL,
            worker_index INTEGER NOT NULL,
            stream INTEGER NOT NULL,
            text TEXT NOT NULL,
            continuation INTEGER NOT NULL,
            PRIMARY KEY (job_id, seq)) WITHOUT ROWID;
        """;

    private static readonly string[] InsertParameterNames = ["$job", "$seq", "$time", "$process", "$index", "$stream", "$text", "$cont"];

    private readonly string _connectionString;
    private readonly SqliteJobLogStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly LogAppendSignal _signal = new();
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Lazy<Task> _initialised;

    /// <summary>Creates the store; the file and table are created on first use.</summary>
    public SqliteJobLogStore(IOptions<SqliteJobLogStoreOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _options.DataSource, DefaultTimeout = 30 }.ToString();
        _initialised = new Lazy<Task>(InitialiseAsync);
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

        await _initialised.Value.ConfigureAwait(false);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var begin = connection.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await using var next = connection.CreateCommand();
                next.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM job_logs WHERE job_id = $job";
                next.Parameters.AddWithValue("$job", jobId);
                var sequence = (long)(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                await using var insert = connection.CreateCommand();
                insert.CommandText = $"INSERT INTO job_logs (job_id, {JobLogRows.Columns}) VALUES ($job, $seq, $time, $process, $index, $stream, $text, $cont)";
                var parameters = InsertParameterNames
                    .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name }))
                    .ToArray();
                foreach (var line in lines)
                {
                    parameters[0].Value = jobId;
                    parameters[1].Value = ++sequence;
                    parameters[2].Value = line.Time.UtcTicks;
                    parameters[3].Value = line.Process.ToString();
                    parameters[4].Value = line.Process.WorkerIndex;
                    parameters[5].Value = (int)line.Stream;
                    parameters[6].Value = line.Text;
                    parameters[7].Value = line.IsContinuation ? 1 : 0;
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await Execute(connection, "COMMIT", cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await Execute(connection, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _writer.Release();
        }

        _signal.Pulse(jobId);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobLogEntry>> ReadAsync(string jobId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return QueryAsync(
            $"SELECT {JobLogRows.Columns} FROM job_logs WHERE job_id = $job AND seq > $n ORDER BY seq LIMIT $limit",
            jobId,
            afterSequence,
            limit,
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobLogEntry>> TailAsync(string jobId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var newestFirst = await QueryAsync(
            $"SELECT {JobLogRows.Columns} FROM job_logs WHERE job_id = $job AND seq > $n ORDER BY seq DESC LIMIT $limit",
            jobId,
            0,
            count,
            cancellationToken).ConfigureAwait(false);
        return newestFirst.Reverse().ToList();
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JobLogEntry> FollowAsync(string jobId, long afterSequence, CancellationToken cancellationToken = default) =>
        JobLogFollower.FollowAsync(this, _signal, _time, _options.FollowPollInterval, jobId, afterSequence, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private async Task<IReadOnlyList<JobLogEntry>> QueryAsync(string sql, string jobId, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        await _initialised.Value.ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$n", after);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await JobLogRows.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    private async Task InitialiseAsync()
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(_options.DataSource));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await Execute(connection, Schema, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static async Task Execute(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
