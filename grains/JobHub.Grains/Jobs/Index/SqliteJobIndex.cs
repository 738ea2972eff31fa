using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Jobs.Index;

/// <summary>The job list in a SQLite file (WAL), indexed for newest-first paging by owner and state.</summary>
/// <remarks>
/// Upserts are group-committed (<see cref="SqliteBatchWriter{TItem, TResult}"/>): one writer thread owns the only
/// writing connection and applies every queued row in one transaction, then completes each caller. Concurrent upserts on connections of their own
/// would fight over SQLite's single write lock, and Microsoft.Data.Sqlite answers a busy database by
/// sleeping the calling thread (150 ms a try), which profiles showed to dominate job submission.
/// </remarks>
public sealed class SqliteJobIndex : IJobIndex, IAsyncDisposable
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS jobs (
            job_id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            owner TEXT NOT NULL,
            state INTEGER NOT NULL,
            reason TEXT NOT NULL,
            submitted_ticks INTEGER NOT NULL,
            started_ticks INTEGER NULL,
            ended_ticks INTEGER NULL);
        CREATE INDEX IF NOT EXISTS jobs_by_time ON jobs (submitted_ticks DESC, job_id DESC);
        CREATE INDEX IF NOT EXISTS jobs_by_owner ON jobs (owner, submitted_ticks DESC, job_id DESC);
        """;

    private const string Upsert = """
        INSERT INTO jobs (job_id, name, owner, state, reason, submitted_ticks, started_ticks, ended_ticks)
        VALUES ($id, $name, $owner, $state, $reason, $submitted, $started, $ended)
        ON CONFLICT (job_id) DO UPDATE SET name = excluded.name, owner = excluded.owner, state = excluded.state,
            reason = excluded.reason, submitted_ticks = excluded.submitted_ticks, started_ticks = excluded.started_ticks, ended_ticks = excluded.ended_ticks
        """;

    private readonly string _connectionString;
    private readonly SqliteSchema _schema;
    private readonly SqliteBatchWriter<JobSummary, bool> _writer;

    /// <summary>Creates the index; the file and table are created on first use.</summary>
    public SqliteJobIndex(IOptions<SqliteJobIndexOptions> options, ILogger<SqliteJobIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.Value.DataSource;
        _connectionString = SqliteSchema.ConnectionStringFor(path);
        _schema = new SqliteSchema(_connectionString, Schema);
        _writer = new SqliteBatchWriter<JobSummary, bool>("job list", _connectionString, _schema, Commit, logger ?? NullLogger<SqliteJobIndex>.Instance);
    }

    /// <inheritdoc />
    /// <remarks>Completes once the row is committed (together with the others queued meanwhile).</remarks>
    public Task UpsertAsync(JobSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return _writer.WriteAsync(summary, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await _schema.EnsureCreatedAsync().ConfigureAwait(false);
        var after = JobListCursor.Decode(query.Cursor);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Owner is not null)
        {
            where.Add("owner = $owner");
            command.Parameters.AddWithValue("$owner", query.Owner);
        }

        if (query.State is not null)
        {
            where.Add("state = $state");
            command.Parameters.AddWithValue("$state", (int)query.State);
        }

        if (after is not null)
        {
            where.Add("(submitted_ticks < $afterTicks OR (submitted_ticks = $afterTicks AND job_id < $afterId))");
            command.Parameters.AddWithValue("$afterTicks", after.Value.SubmittedTicks);
            command.Parameters.AddWithValue("$afterId", after.Value.JobId);
        }

        command.CommandText = $"SELECT {JobIndexRows.Columns} FROM jobs" +
            (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty) +
            " ORDER BY submitted_ticks DESC, job_id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await JobIndexRows.ReadPageAsync(reader, query.Limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits what is queued, then stops the writer.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static bool[] Commit(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<JobSummary> batch)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Upsert;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var owner = command.Parameters.Add("$owner", SqliteType.Text);
        var state = command.Parameters.Add("$state", SqliteType.Integer);
        var reason = command.Parameters.Add("$reason", SqliteType.Text);
        var submitted = command.Parameters.Add("$submitted", SqliteType.Integer);
        var started = command.Parameters.Add("$started", SqliteType.Integer);
        var ended = command.Parameters.Add("$ended", SqliteType.Integer);
        command.Prepare();
        foreach (var summary in batch)
        {
            id.Value = summary.JobId;
            name.Value = summary.Name;
            owner.Value = summary.Owner;
            state.Value = (int)summary.State;
            reason.Value = summary.Reason;
            submitted.Value = summary.SubmittedAt.UtcTicks;
            started.Value = (object?)summary.StartedAt?.UtcTicks ?? DBNull.Value;
            ended.Value = (object?)summary.EndedAt?.UtcTicks ?? DBNull.Value;
            command.ExecuteNonQuery();
        }

        return new bool[batch.Count];
    }
}
