using System.Data.Common;
using JobHub.Runtime.Reminders;

namespace JobHub.Runtime.Sql.Internal;

/// <summary>
/// The reminder statements shared by SQLite and PostgreSQL; the dialect supplies connections and how
/// times are stored. Periods are stored in ticks; ETags are row versions.
/// </summary>
internal sealed class SqlReminderTable(SqlDialect dialect) : IReminderTable
{
    private const string Columns = "grain_id, name, start_at, period, version";

    public async Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            """
            INSERT INTO reminders (grain_id, name, grain_hash, start_at, period, version)
            VALUES (@grain, @name, @hash, @start, @period, 1)
            ON CONFLICT (grain_id, name) DO UPDATE
                SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period,
                    version = reminders.version + 1
            RETURNING version;
            """,
            ("@grain", entry.GrainId.ToString()),
            ("@name", entry.Name),
            ("@hash", (long)entry.GrainHash),
            ("@start", dialect.Time(entry.StartAt)),
            ("@period", entry.Period.Ticks));
        var version = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return entry with { Etag = Etags.Format(version) };
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, "DELETE FROM reminders WHERE grain_id = @grain AND name = @name;", ("@grain", grainId.ToString()), ("@name", name));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE grain_id = @grain AND name = @name;",
            [("@grain", grainId.ToString()), ("@name", name)],
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadAllForGrainAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM reminders WHERE grain_id = @grain;", [("@grain", grainId.ToString())], cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint begin, uint end, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM reminders WHERE {RingQuery.Condition(begin, end)};", RingQuery.Parameters(begin, end), cancellationToken);

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ReminderEntry(
                GrainId.Parse(reader.GetString(0)),
                reader.GetString(1),
                dialect.ReadTime(reader, 2),
                TimeSpan.FromTicks(reader.GetInt64(3)),
                Etags.Format(reader.GetInt64(4))));
        }

        return rows;
    }
}
