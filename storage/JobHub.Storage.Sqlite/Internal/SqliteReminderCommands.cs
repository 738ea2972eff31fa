using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>The writer connection's reminder statements, prepared on first use (reminder changes are rare).</summary>
internal sealed class SqliteReminderCommands(SqliteConnection connection) : IDisposable
{
    private SqliteCommand? _upsert;
    private SqliteCommand? _remove;
    private SqliteCommand? _clear;

    /// <summary>Applies one change inside the caller's transaction; returns the new version (upsert) or rows deleted.</summary>
    public long Apply(PendingReminderWrite write, SqliteTransaction transaction)
    {
        switch (write.Change)
        {
            case ReminderChange.Upsert:
                var upsert = _upsert ??= Create("""
                    INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period, version)
                    VALUES (@service, @grain, @name, @hash, @start, @period, 1)
                    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
                        SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period,
                            version = reminders.version + 1
                    RETURNING version;
                    """, "@service", "@grain", "@name", "@hash", "@start", "@period");
                Bind(upsert, transaction, write.ServiceId, write.GrainKey, write.ReminderName, (long)write.GrainHash, write.StartAtTicks, write.PeriodTicks);
                return (long)upsert.ExecuteScalar()!;
            case ReminderChange.Remove:
                var remove = _remove ??= Create(
                    "DELETE FROM reminders WHERE service_id = @service AND grain_id = @grain AND reminder_name = @name AND version = @version;",
                    "@service", "@grain", "@name", "@version");
                Bind(remove, transaction, write.ServiceId, write.GrainKey, write.ReminderName, write.ExpectedVersion);
                return remove.ExecuteNonQuery();
            case ReminderChange.ClearService:
                var clear = _clear ??= Create("DELETE FROM reminders WHERE service_id = @service;", "@service");
                Bind(clear, transaction, write.ServiceId);
                return clear.ExecuteNonQuery();
            default:
                throw new InvalidOperationException($"Unknown reminder change {write.Change}.");
        }
    }

    public void Dispose()
    {
        _upsert?.Dispose();
        _remove?.Dispose();
        _clear?.Dispose();
    }

    private SqliteCommand Create(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, SqliteTransaction transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }
}
