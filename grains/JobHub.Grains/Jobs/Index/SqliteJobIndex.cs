using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Storage;
using JobHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Jobs.Index;

/// <summary>The job list in a SQLite file (WAL), indexed for newest-first paging by owner and state.</summary>
/// <remarks>
/// Upserts are group-committed by the file's one writer (<see cref="SqliteSharedFile"/>): the silo keeps the list in
/// its grain-state file (<c>jobhub.db</c>), so a job's row and its grain's state are committed in one transaction and one
/// fsync. Concurrent upserts on connections of their own would fight over SQLite's single write lock, and
/// Microsoft.Data.Sqlite answers a busy database by sleeping the calling thread (150 ms a try), which profiles showed
/// to dominate job submission. Reads use pooled connections and never wait for the writer (WAL).
/// </remarks>
public sealed class SqliteJobIndex : IJobIndex, IAsyncDisposable
{
    private const string Schema = """
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

    private const string Columns = "job_id, name, owner, state, reason, submitted_ticks, started_ticks, ended_ticks";

    private readonly SqliteSharedFile _file;
    private readonly SqliteSchema _schema;

    /// <summary>Creates the index on a file of its own (tools, tests); the file and table are created on first use.</summary>
    public SqliteJobIndex(IOptions<SqliteJobIndexOptions> options)
        : this(options, files: null, NullLogger<SqliteJobIndex>.Instance)
    {
    }

    /// <summary>Creates the index on the silo's file <see cref="SqliteJobIndexOptions.DataSource"/>, sharing its writer with the grain storage on that file.</summary>
    public SqliteJobIndex(IOptions<SqliteJobIndexOptions> options, SqliteFiles? files, ILogger<SqliteJobIndex> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var value = options.Value;
        _file = files is null
            ? SqliteFiles.OpenStandalone(value.DataSource, Owner)
            : files.Join(value.DataSource, Owner);
        var import = string.IsNullOrEmpty(value.ImportFrom) ? null : new SqliteLegacyImport(value.ImportFrom, "jobs", Columns, logger);
        _schema = new SqliteSchema(() => _file.OpenAsync(), Schema, import is null ? null : () => import.RunAsync(_file.FilePath));
    }

    private static string Owner => "the SQLite job list";

    /// <inheritdoc />
    /// <remarks>Completes once the row is committed (together with the others queued meanwhile).</remarks>
    public async Task UpsertAsync(JobSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await _schema.EnsureCreatedAsync().ConfigureAwait(false);
        await _file.WriteAsync(SqliteJobUpsert.Instance, summary, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await _schema.EnsureCreatedAsync().ConfigureAwait(false);
        var after = JobListCursor.Decode(query.Cursor);
        await using var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Commits what is queued, then leaves the file's writer.</summary>
    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
