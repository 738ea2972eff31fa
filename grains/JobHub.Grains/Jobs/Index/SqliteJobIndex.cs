using JobHub.GrainInterfaces.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Jobs.Index;

/// <summary>The job list in a SQLite file (WAL), indexed for newest-first paging by owner and state.</summary>
public sealed class SqliteJobIndex : IJobIndex
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

    private readonly string _connectionString;
    private readonly Lazy<Task> _initialised;

    /// <summary>Creates the index; the file and table are created on first use.</summary>
    public SqliteJobIndex(IOptions<SqliteJobIndexOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.Value.DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString();
        _initialised = new Lazy<Task>(() => ExecuteAsync(Schema, static _ => { }, CancellationToken.None));
    }

    /// <inheritdoc />
    public async Task UpsertAsync(JobSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await _initialised.Value.ConfigureAwait(false);
        await ExecuteAsync(
            """
            INSERT INTO jobs (job_id, name, owner, state, reason, submitted_ticks, started_ticks, ended_ticks)
            VALUES ($id, $name, $owner, $state, $reason, $submitted, $started, $ended)
            ON CONFLICT (job_id) DO UPDATE SET name = excluded.name, owner = excluded.owner, state = excluded.state,
                reason = excluded.reason, submitted_ticks = excluded.submitted_ticks, started_ticks = excluded.started_ticks, ended_ticks = excluded.ended_ticks
            """,
            p =>
            {
                p.AddWithValue("$id", summary.JobId);
                p.AddWithValue("$name", summary.Name);
                p.AddWithValue("$owner", summary.Owner);
                p.AddWithValue("$state", (int)summary.State);
                p.AddWithValue("$reason", summary.Reason);
                p.AddWithValue("$submitted", summary.SubmittedAt.UtcTicks);
                p.AddWithValue("$started", (object?)summary.StartedAt?.UtcTicks ?? DBNull.Value);
                p.AddWithValue("$ended", (object?)summary.EndedAt?.UtcTicks ?? DBNull.Value);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await _initialised.Value.ConfigureAwait(false);
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

    private async Task ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command.Parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
