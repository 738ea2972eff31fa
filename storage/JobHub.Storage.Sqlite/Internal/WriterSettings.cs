namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// The settings of the one group-commit writer of a database file. Providers that share a file share its writer,
/// so they must agree on these.
/// </summary>
internal sealed record WriterSettings(int WriteBatchSize, int MaxPendingWrites, SqliteConnectionSettings Connection)
{
    /// <summary>The writer settings a grain storage asks for.</summary>
    public static WriterSettings From(SqliteGrainStorageOptions options) => new(
        options.WriteBatchSize,
        options.MaxPendingWrites,
        new SqliteConnectionSettings(options.BusyTimeout, options.DurableCommits));

    /// <summary>The settings <paramref name="other"/> asks for that differ from these (the running writer's), by option name, with both values.</summary>
    public IReadOnlyList<string> Differences(WriterSettings other)
    {
        var differences = new List<string>();
        if (WriteBatchSize != other.WriteBatchSize)
        {
            differences.Add($"{nameof(SqliteGrainStorageOptions.WriteBatchSize)} {other.WriteBatchSize} (the running writer uses {WriteBatchSize})");
        }

        if (MaxPendingWrites != other.MaxPendingWrites)
        {
            differences.Add($"{nameof(SqliteGrainStorageOptions.MaxPendingWrites)} {other.MaxPendingWrites} (the running writer uses {MaxPendingWrites})");
        }

        if (Connection.BusyTimeout != other.Connection.BusyTimeout)
        {
            differences.Add($"{nameof(SqliteGrainStorageOptions.BusyTimeout)} {other.Connection.BusyTimeout} (the running writer uses {Connection.BusyTimeout})");
        }

        if (Connection.DurableCommits != other.Connection.DurableCommits)
        {
            differences.Add($"{nameof(SqliteGrainStorageOptions.DurableCommits)} {other.Connection.DurableCommits} (the running writer uses {Connection.DurableCommits})");
        }

        return differences;
    }
}
