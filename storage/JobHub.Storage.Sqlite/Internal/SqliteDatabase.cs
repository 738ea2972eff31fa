using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// One SQLite database file, shared by every provider of a silo that names it (<see cref="SqliteDatabaseRegistry"/>):
/// the schema migrations (applied once, on first use), pooled reader connections, and the one group-commit writer
/// that every grain-state write and reminder change to this file goes through, so the silo never contends with
/// itself for the file's write lock. Other processes may open the same file.
/// </summary>
internal sealed partial class SqliteDatabase : IAsyncDisposable
{
    private readonly RetryingOnce _migration = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _writerGate = new();
    private SqliteGroupCommitWriter? _writer;
    private string? _writerOwner;
    private int _writerUsers;

    public SqliteDatabase(string filePath, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        FilePath = filePath;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SqliteDatabase>();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Creates the folder and file if needed and applies missing migrations; safe to call concurrently from any number of processes.</summary>
    public Task EnsureMigratedAsync(SqliteConnectionSettings settings, CancellationToken cancellationToken) =>
        _migration.EnsureAsync(ct => MigrateAsync(settings, ct), cancellationToken);

    /// <summary>Applies migrations if needed, then opens a pooled connection with <paramref name="settings"/> applied.</summary>
    public async Task<SqliteConnection> OpenAsync(SqliteConnectionSettings settings, CancellationToken cancellationToken)
    {
        if (!_migration.IsDone)
        {
            await EnsureMigratedAsync(settings, cancellationToken);
        }

        var connection = new SqliteConnection(ConnectionString(settings, pooled: true));
        try
        {
            await connection.OpenAsync(cancellationToken);
            ApplyPragmas(connection, settings);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the writer's own, unpooled connection (the schema must already be migrated).</summary>
    public SqliteConnection OpenWriterConnection(SqliteConnectionSettings settings)
    {
        var connection = new SqliteConnection(ConnectionString(settings, pooled: false));
        try
        {
            connection.Open();
            ApplyPragmas(connection, settings);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Joins the file's group-commit writer, starting it with <paramref name="settings"/> for the first user.
    /// A user that <paramref name="mustMatch"/> (grain storage) is refused when the running writer's settings
    /// differ, with the settings named; other users (the reminder table) join whatever writer runs.
    /// </summary>
    /// <exception cref="OrleansConfigurationException">When <paramref name="settings"/> differ from the running writer's.</exception>
    public SqliteGroupCommitWriter AcquireWriter(WriterSettings settings, string owner, bool mustMatch)
    {
        lock (_writerGate)
        {
            if (_writer is null)
            {
                _writer = new SqliteGroupCommitWriter(this, settings, _loggerFactory.CreateLogger<SqliteGroupCommitWriter>());
                _writerOwner = owner;
            }
            else if (mustMatch && _writer.Settings.Differences(settings) is { Count: > 0 } differences)
            {
                throw new OrleansConfigurationException(
                    $"{owner} uses the same DataSource ({FilePath}) as {_writerOwner}, which started the file's writer, but different settings: " +
                    $"{string.Join(", ", differences)}. Providers on one file share one writer and must agree on these settings.");
            }

            _writerUsers++;
            return _writer;
        }
    }

    /// <summary>Leaves the writer; the last user drains the queued writes and stops it.</summary>
    public async ValueTask ReleaseWriterAsync(SqliteGroupCommitWriter writer)
    {
        SqliteGroupCommitWriter? stopping = null;
        lock (_writerGate)
        {
            if (!ReferenceEquals(writer, _writer))
            {
                return;
            }

            if (--_writerUsers == 0)
            {
                stopping = _writer;
                _writer = null;
                _writerOwner = null;
            }
        }

        if (stopping is not null)
        {
            await stopping.DisposeAsync();
        }
    }

    /// <summary>Stops the writer if a user never left it (the silo was disposed without stopping).</summary>
    public async ValueTask DisposeAsync()
    {
        SqliteGroupCommitWriter? writer;
        lock (_writerGate)
        {
            writer = _writer;
            _writer = null;
            _writerUsers = 0;
        }

        if (writer is not null)
        {
            await writer.DisposeAsync();
        }
    }

    private string ConnectionString(SqliteConnectionSettings settings, bool pooled) => new SqliteConnectionStringBuilder
    {
        DataSource = FilePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = pooled,
        DefaultTimeout = settings.CommandTimeoutSeconds,
    }.ToString();

    private static void ApplyPragmas(SqliteConnection connection, SqliteConnectionSettings settings)
    {
        using var pragma = connection.CreateCommand();
        pragma.CommandText = settings.Pragmas;
        pragma.ExecuteNonQuery();
    }

    private async Task MigrateAsync(SqliteConnectionSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = new SqliteConnection(ConnectionString(settings, pooled: false));
        await connection.OpenAsync(cancellationToken);
        ApplyPragmas(connection, settings);
        using (var wal = connection.CreateCommand())
        {
            // Persistent in the file; a no-op once set. Must run outside a transaction.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = await wal.ExecuteScalarAsync(cancellationToken) as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite file {FilePath} could not switch to WAL (journal_mode is '{mode}').");
            }
        }

        // BEGIN IMMEDIATE takes the write lock up front: concurrent migrators (threads or processes) queue on the
        // busy timeout instead of both reading "not applied" and racing.
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = SqliteMigrations.CreateHistoryTable;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new Dictionary<int, string>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT version, name FROM schema_migrations;";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        CheckHistory(applied);
        var count = 0;
        foreach (var migration in SqliteMigrations.All.Where(m => !applied.ContainsKey(m.Version)).OrderBy(m => m.Version))
        {
            using var step = connection.CreateCommand();
            step.Transaction = transaction;
            step.CommandText = migration.Sql;
            await step.ExecuteNonQueryAsync(cancellationToken);
            step.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at);";
            step.Parameters.AddWithValue("$version", migration.Version);
            step.Parameters.AddWithValue("$name", migration.Name);
            step.Parameters.AddWithValue("$at", _timeProvider.GetUtcNow().UtcTicks);
            await step.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }

        transaction.Commit();
        if (count > 0)
        {
            LogMigrated(_logger, FilePath, count, SqliteMigrations.All[^1].Version);
        }
    }

    /// <summary>Refuses a file whose history was written by another schema (or a newer release of this one).</summary>
    private void CheckHistory(Dictionary<int, string> applied)
    {
        var known = SqliteMigrations.All.ToDictionary(m => m.Version, m => m.Name);
        foreach (var (version, name) in applied.OrderBy(a => a.Key))
        {
            if (!known.TryGetValue(version, out var expected))
            {
                throw new InvalidOperationException(
                    $"SQLite file {FilePath} has schema migration {version} ('{name}'), which this release does not know; it was written by a newer release or another program.");
            }

            if (!string.Equals(expected, name, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"SQLite file {FilePath} was created by another schema: its migration {version} is '{name}', expected '{expected}'. " +
                    "Point DataSource at a new file (files of the pre-Orleans JobHub runtime cannot be reused).");
            }
        }
    }
}
