namespace JobHub.Runtime.Sql.Options;

/// <summary>
/// Settings of the SQLite providers (grain state, reminders and membership on one database file).
/// Validated at start by <see cref="SqliteStorageOptionsValidator"/>.
/// </summary>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// Path of the database file. Default <c>data/jobhub.db</c>, relative to the current directory; the folder is
    /// created when missing. Every silo process on one host that should share membership must use the same file.
    /// </summary>
    public string DataSource { get; set; } = "data/jobhub.db";

    /// <summary>
    /// The cluster whose membership rows this silo reads and writes. Default <c>default</c>. Several clusters can
    /// share one file as long as their ids differ.
    /// </summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>
    /// Most grain-state writes committed in one transaction by the group-commit writer. Default 256. Larger batches
    /// amortise the fsync over more writes but make the transaction (and the write lock on the file) last longer.
    /// </summary>
    public int WriteBatchSize { get; set; } = 256;

    /// <summary>
    /// Most grain-state writes waiting for the writer; callers wait (back-pressure) when the queue is full.
    /// Default 10,000. Must be at least <see cref="WriteBatchSize"/>.
    /// </summary>
    public int MaxPendingWrites { get; set; } = 10_000;

    /// <summary>
    /// How long a connection waits for another connection or process holding the write lock before it fails
    /// with SQLITE_BUSY (<c>PRAGMA busy_timeout</c>). Default 30 seconds. Too short and concurrent silos on one
    /// file fail spuriously; too long and a stuck process stalls the others for that long.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When true (default) every commit is fsynced (<c>PRAGMA synchronous=FULL</c>), so an acknowledged write
    /// survives a power loss; group commit keeps that affordable. False uses <c>NORMAL</c>: faster, still safe
    /// against process crashes, but the last commits may roll back after a power loss.
    /// </summary>
    public bool DurableCommits { get; set; } = true;
}
