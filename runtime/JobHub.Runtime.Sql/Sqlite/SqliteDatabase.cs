using System.Globalization;
using JobHub.Runtime.Sql.Internal;
using JobHub.Runtime.Sql.Migrations;
using JobHub.Runtime.Sql.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Sql.Sqlite;

/// <summary>
/// One SQLite database file shared by <see cref="SqliteGrainStorage"/>, <see cref="SqliteReminderTable"/> and
/// <see cref="SqliteMembershipTable"/>: connection settings (WAL, busy timeout) and the schema migrations,
/// applied once on first use. Several instances and processes may open the same file.
/// </summary>
public sealed class SqliteDatabase
{
    private SqlDialect? _dialect;

    private readonly RetryingOnce _migration;
    private readonly string _pragmas;

    /// <exception cref="OptionsValidationException">When <paramref name="options"/> has bad values.</exception>
    public SqliteDatabase(SqliteStorageOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new SqliteStorageOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(SqliteStorageOptions), result.Failures);
        }

        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        FilePath = Path.GetFullPath(options.DataSource);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        var busyMs = (int)options.BusyTimeout.TotalMilliseconds;
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {busyMs}; PRAGMA synchronous = {(options.DurableCommits ? "FULL" : "NORMAL")};");
        _migration = new RetryingOnce(MigrateAsync);
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    internal SqliteStorageOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal string ConnectionString { get; }

    /// <summary>Creates the folder and file if needed and applies missing migrations; safe to call concurrently from any number of processes.</summary>
    public Task EnsureMigratedAsync(CancellationToken cancellationToken = default) => _migration.EnsureAsync(cancellationToken);

    /// <summary>Opens a pooled connection with this database's pragmas applied (the schema is not checked).</summary>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _pragmas;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies migrations if needed, then opens a connection.</summary>
    /// <summary>How the shared SQL tables talk to this SQLite file.</summary>
    internal SqlDialect Dialect => _dialect ??= new SqlDialect
    {
        OpenAsync = async ct => await OpenAsync(ct),
        BeginWriteAsync = static (connection, _) => Task.FromResult<System.Data.Common.DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false)),
        Time = static time => time.UtcTicks,
        ReadTime = static (reader, ordinal) => new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero),
        Json = static name => name,
    };

    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(cancellationToken);
        return await OpenConnectionAsync(cancellationToken);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        using (var wal = connection.CreateCommand())
        {
            // Persistent in the file; a no-op once set. Must run outside a transaction.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteScalarAsync(cancellationToken);
        }

        // BEGIN IMMEDIATE takes the write lock up front: concurrent migrators (threads or processes) queue on
        // the busy timeout instead of both reading "not applied" and racing.
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = SqliteMigrations.CreateMigrationsTable;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<int>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT version FROM schema_migrations;";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var migration in SqliteMigrations.All.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            using var step = connection.CreateCommand();
            step.Transaction = transaction;
            step.CommandText = migration.Sql;
            await step.ExecuteNonQueryAsync(cancellationToken);
            step.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at);";
            step.Parameters.AddWithValue("$version", migration.Version);
            step.Parameters.AddWithValue("$name", migration.Name);
            step.Parameters.AddWithValue("$at", TimeProvider.GetUtcNow().UtcTicks);
            await step.ExecuteNonQueryAsync(cancellationToken);
        }

        transaction.Commit();
    }
}
