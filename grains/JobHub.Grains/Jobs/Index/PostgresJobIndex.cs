using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Storage;
using JobHub.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace JobHub.Grains.Jobs.Index;

/// <summary>The job list in the cluster's PostgreSQL database (table <c>job_index</c>), so every silo lists every job.</summary>
public sealed class PostgresJobIndex : IJobIndex
{
    private const string UpsertSql = """
        INSERT INTO job_index (job_id, name, owner, state, reason, submitted_ticks, started_ticks, ended_ticks)
        VALUES (@id, @name, @owner, @state, @reason, @submitted, @started, @ended)
        ON CONFLICT (job_id) DO UPDATE SET name = excluded.name, owner = excluded.owner, state = excluded.state,
            reason = excluded.reason, submitted_ticks = excluded.submitted_ticks, started_ticks = excluded.started_ticks, ended_ticks = excluded.ended_ticks
        """;

    private readonly PostgresDatabase _database;

    /// <summary>Creates the index on the runtime's database; its table is created on first use.</summary>
    public PostgresJobIndex(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async Task UpsertAsync(JobSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await using var connection = await JobTablesPostgresMigrations.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(UpsertSql, connection);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = summary.JobId });
        p.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = summary.Name });
        p.Add(new NpgsqlParameter<string>("owner", NpgsqlDbType.Text) { TypedValue = summary.Owner });
        p.Add(new NpgsqlParameter<int>("state", NpgsqlDbType.Integer) { TypedValue = (int)summary.State });
        p.Add(new NpgsqlParameter<string>("reason", NpgsqlDbType.Text) { TypedValue = summary.Reason });
        p.Add(new NpgsqlParameter<long>("submitted", NpgsqlDbType.Bigint) { TypedValue = summary.SubmittedAt.UtcTicks });
        p.Add(new NpgsqlParameter("started", NpgsqlDbType.Bigint) { Value = (object?)summary.StartedAt?.UtcTicks ?? DBNull.Value });
        p.Add(new NpgsqlParameter("ended", NpgsqlDbType.Bigint) { Value = (object?)summary.EndedAt?.UtcTicks ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = JobListCursor.Decode(query.Cursor);
        await using var connection = await JobTablesPostgresMigrations.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
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
}
