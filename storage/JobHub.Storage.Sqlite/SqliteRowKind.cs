using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite;

/// <summary>
/// A kind of row that a store other than grain storage (the job list, the billing ledger) writes through a SQLite
/// file's group-commit writer (<see cref="SqliteSharedFile.WriteAsync{TItem, TResult}"/>), so that its rows are
/// committed in the same transaction, and with the same fsync, as the grain-state writes queued meanwhile.
/// </summary>
/// <typeparam name="TItem">One queued row.</typeparam>
/// <typeparam name="TResult">What its caller learns (e.g. written, or already there).</typeparam>
public abstract class SqliteRowKind<TItem, TResult>
{
    /// <summary>For the log: what is written (<c>job list</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Creates and prepares the statement that writes one row, with its parameters added; called once per writer
    /// connection, which keeps it until the connection is closed. The tables must exist (the store creates them).
    /// </summary>
    public abstract SqliteCommand Prepare(SqliteConnection connection);

    /// <summary>Writes <paramref name="item"/> with <paramref name="command"/> (its transaction already set) and returns the caller's result.</summary>
    public abstract TResult Write(SqliteCommand command, TItem item);
}
