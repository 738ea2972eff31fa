using Orleans.Storage;

namespace JobHub.Storage.Sqlite;

/// <summary>
/// Settings of one named SQLite grain storage (<see cref="SqliteGrainStorageSiloBuilderExtensions.AddSqliteGrainStorage(Orleans.Hosting.ISiloBuilder, string, Action{SqliteGrainStorageOptions})"/>).
/// Validated at start by <see cref="SqliteGrainStorageOptionsValidator"/>.
/// </summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>
    /// Path of the database file. Default <c>data/jobhub.db</c>, relative to the current directory; the folder is
    /// created when missing. Grain storage and reminders may name the same file; storages that share a file also
    /// share its group-commit writer and must then agree on <see cref="WriteBatchSize"/>, <see cref="MaxPendingWrites"/>,
    /// <see cref="BusyTimeout"/> and <see cref="DurableCommits"/>.
    /// </summary>
    public string DataSource { get; set; } = "data/jobhub.db";

    /// <summary>
    /// Most writes committed in one transaction. Default 256. Larger batches amortise the commit (and its fsync) over
    /// more writes but hold the file's write lock longer; 1 commits every write on its own.
    /// </summary>
    public int WriteBatchSize { get; set; } = 256;

    /// <summary>
    /// Most writes waiting for the writer; further writers wait (back-pressure) until there is room. Default 10,000.
    /// Must be at least <see cref="WriteBatchSize"/>.
    /// </summary>
    public int MaxPendingWrites { get; set; } = 10_000;

    /// <summary>
    /// How long a connection waits for another connection or process holding the write lock before failing with
    /// SQLITE_BUSY (<c>PRAGMA busy_timeout</c>). Default 30 seconds. Too short and several processes on one file fail
    /// spuriously; too long and a stuck process stalls the others for that long.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True (default): every commit is fsynced (<c>PRAGMA synchronous = FULL</c>), so an acknowledged write survives a
    /// power loss; group commit keeps that affordable. False uses <c>NORMAL</c>: faster, still safe against a process
    /// crash, but the last commits may roll back after a power loss.
    /// </summary>
    public bool DurableCommits { get; set; } = true;

    /// <summary>
    /// How grain state is turned into the stored BLOB. Default: the <see cref="IGrainStorageSerializer"/> registered
    /// with the silo (Orleans' JSON serializer unless replaced), as with Orleans' own providers.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
