using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>The writer connection and every statement the group-commit writer runs on it.</summary>
internal sealed class SqliteWriterCommands : IDisposable
{
    private readonly Dictionary<object, SqliteCommand> _rowCommands = [];

    public SqliteWriterCommands(SqliteConnection connection)
    {
        Connection = connection;
        State = new SqliteStateCommands(connection);
        Reminders = new SqliteReminderCommands(connection);
    }

    public SqliteConnection Connection { get; }

    public SqliteStateCommands State { get; }

    public SqliteReminderCommands Reminders { get; }

    /// <summary>The prepared statement of another store's row kind on this connection, prepared on first use.</summary>
    public SqliteCommand For<TItem, TResult>(SqliteRowKind<TItem, TResult> kind)
    {
        if (!_rowCommands.TryGetValue(kind, out var command))
        {
            command = kind.Prepare(Connection);
            _rowCommands.Add(kind, command);
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _rowCommands.Values)
        {
            command.Dispose();
        }

        State.Dispose();
        Reminders.Dispose();
        Connection.Dispose();
    }
}
