namespace JobHub.Storage.Sqlite;

/// <summary>
/// Settings of the SQLite reminder table (<see cref="SqliteReminderSiloBuilderExtensions.UseSqliteReminderService(Orleans.Hosting.ISiloBuilder, Action{SqliteReminderTableOptions})"/>).
/// Validated at start by <see cref="SqliteReminderTableOptionsValidator"/>.
/// </summary>
public sealed class SqliteReminderTableOptions
{
    /// <summary>
    /// Path of the database file. Default <c>data/jobhub.db</c>, relative to the current directory; the folder is
    /// created when missing. May be the file the grain storage uses. Rows are kept per Orleans <c>ServiceId</c>.
    /// </summary>
    public string DataSource { get; set; } = "data/jobhub.db";

    /// <summary>
    /// How long a connection waits for another process holding the file's write lock (<c>PRAGMA busy_timeout</c>).
    /// Default 30 seconds. Reminder changes are committed by the file's group-commit writer: when grain storage uses
    /// the same file, that writer (and its <see cref="SqliteGrainStorageOptions.BusyTimeout"/>) is used.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True (default): every commit is fsynced (<c>PRAGMA synchronous = FULL</c>); false uses <c>NORMAL</c>. When grain
    /// storage uses the same file, reminder changes are committed in its batches, with its
    /// <see cref="SqliteGrainStorageOptions.DurableCommits"/>.
    /// </summary>
    public bool DurableCommits { get; set; } = true;
}
