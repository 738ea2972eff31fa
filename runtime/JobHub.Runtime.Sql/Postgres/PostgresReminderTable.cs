using System.Data.Common;
using JobHub.Runtime.Reminders;
using JobHub.Runtime.Sql.Internal;
using Npgsql;

namespace JobHub.Runtime.Sql.Postgres;

/// <summary>
/// Reminders in PostgreSQL. <c>start_at</c> is a <c>timestamptz</c> (microsecond precision), the period is stored
/// in ticks; ETags are row versions.
/// </summary>
public sealed class PostgresReminderTable : IReminderTable
{
    private const string Columns = "grain_id, name, start_at, period, version";
    private readonly PostgresDatabase _database;

    public PostgresReminderTable(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO reminders (grain_id, name, grain_hash, start_at, period, version)
            VALUES (@grain, @name, @hash, @start, @period, 1)
            ON CONFLICT (grain_id, name) DO UPDATE
                SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period,
                    version = reminders.version + 1
            RETURNING version;
            """, connection);
        command.Parameters.AddWithValue("grain", entry.GrainId.ToString());
        command.Parameters.AddWithValue("name", entry.Name);
        command.Parameters.AddWithValue("hash", (long)entry.GrainHash);
        command.Parameters.AddWithValue("start", entry.StartAt.ToUniversalTime());
        command.Parameters.AddWithValue("period", entry.Period.Ticks);
        var version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return entry with { Etag = Etags.Format(version) };
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM reminders WHERE grain_id = @grain AND name = @name;", connection);
        command.Parameters.AddWithValue("grain", grainId.ToString());
        command.Parameters.AddWithValue("name", name);
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

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Map(reader));
        }

        return rows;
    }

    private static ReminderEntry Map(DbDataReader reader) => new(
        GrainId.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetFieldValue<DateTimeOffset>(2),
        TimeSpan.FromTicks(reader.GetInt64(3)),
        Etags.Format(reader.GetInt64(4)));
}
