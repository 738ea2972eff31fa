using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>The writer connection and every statement the group-commit writer runs on it.</summary>
internal sealed class SqliteWriterCommands : IDisposable
{
    public SqliteWriterCommands(SqliteConnection connection)
    {
        Connection = connection;
        State = new SqliteStateCommands(connection);
        Reminders = new SqliteReminderCommands(connection);
    }

    public SqliteConnection Connection { get; }

    public SqliteStateCommands State { get; }

    public SqliteReminderCommands Reminders { get; }

    public void Dispose()
    {
        State.Dispose();
        Reminders.Dispose();
        Connection.Dispose();
    }
}
