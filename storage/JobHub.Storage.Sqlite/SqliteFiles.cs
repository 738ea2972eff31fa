using JobHub.Storage.Sqlite.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Storage.Sqlite;

/// <summary>
/// The silo's SQLite files, for stores other than grain storage and reminders (the job list, the billing ledger):
/// <see cref="Join"/> gives a store the same file object, and so the same group-commit writer, that grain storage
/// configured on that file uses. Registered by <see cref="SqliteFilesServiceCollectionExtensions.AddSqliteFiles"/>.
/// </summary>
public sealed class SqliteFiles
{
    private readonly SqliteDatabaseRegistry _registry;
    private readonly IReadOnlyList<SqliteGrainStorageMarker> _storages;
    private readonly IOptionsMonitor<SqliteGrainStorageOptions>? _storageOptions;

    internal SqliteFiles(SqliteDatabaseRegistry registry, IEnumerable<SqliteGrainStorageMarker> storages, IOptionsMonitor<SqliteGrainStorageOptions>? storageOptions)
    {
        _registry = registry;
        _storages = [.. storages];
        _storageOptions = storageOptions;
    }

    /// <summary>
    /// Joins the file at <paramref name="dataSource"/>. The writer settings are those of the SQLite grain storage on
    /// the same file, if there is one (so whichever starts the writer first, they agree), otherwise the defaults of
    /// <see cref="SqliteGrainStorageOptions"/> (durable commits, 30 s busy timeout).
    /// </summary>
    /// <param name="dataSource">The database file (relative paths are against the current folder).</param>
    /// <param name="owner">For messages: the store (<c>the SQLite job list</c>).</param>
    public SqliteSharedFile Join(string dataSource, string owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var database = _registry.Get(dataSource);
        var settings = WriterSettings.From(StorageOn(database.FilePath) ?? new SqliteGrainStorageOptions());
        return new SqliteSharedFile(database, new WriterLease(database, settings, owner, mustMatch: false), ownedRegistry: null);
    }

    /// <summary>
    /// A file of its own, outside any silo (tools, tests): its own writer with the default settings. Another process
    /// (a running silo) may use the same file; SQLite's lock and busy timeout order the two.
    /// </summary>
    public static SqliteSharedFile OpenStandalone(string dataSource, string owner, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        var registry = new SqliteDatabaseRegistry(timeProvider ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance);
        var database = registry.Get(dataSource);
        var lease = new WriterLease(database, WriterSettings.From(new SqliteGrainStorageOptions()), owner, mustMatch: false);
        return new SqliteSharedFile(database, lease, registry);
    }

    private SqliteGrainStorageOptions? StorageOn(string filePath)
    {
        if (_storageOptions is null)
        {
            return null;
        }

        foreach (var storage in _storages)
        {
            var options = _storageOptions.Get(storage.Name);
            if (string.Equals(Path.GetFullPath(options.DataSource), filePath, StringComparison.Ordinal))
            {
                return options;
            }
        }

        return null;
    }
}
