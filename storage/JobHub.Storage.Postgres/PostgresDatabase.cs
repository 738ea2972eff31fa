using System.Collections.Concurrent;
using JobHub.Storage.Postgres.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JobHub.Storage.Postgres;

/// <summary>
/// One JobHub schema in a PostgreSQL database: a pooled <see cref="NpgsqlDataSource"/> whose <c>search_path</c> is
/// the schema, and the migrations of each <see cref="PostgresMigrationSet"/> applied there once per process. Silos get
/// theirs from <see cref="PostgresDatabaseRegistry"/>, so every provider on one connection string and schema shares it.
/// </summary>
public sealed partial class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, RetryingOnce> _migrations = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <summary>Creates the pool (no connection is opened until used).</summary>
    /// <exception cref="OptionsValidationException">When <paramref name="options"/> has bad values; the message names each.</exception>
    public PostgresDatabase(JobHubPostgresOptions options, ILogger<PostgresDatabase>? logger = null)
    {
        ThrowIfInvalid(options);
        Schema = options.Schema;
        _logger = logger ?? NullLogger<PostgresDatabase>.Instance;
        DataSource = new NpgsqlDataSourceBuilder(PostgresConnectionStrings.Builder(options).ConnectionString).Build();
    }

    /// <summary>The schema this database's tables live in.</summary>
    public string Schema { get; }

    /// <summary>
    /// The pooled connections, with <c>search_path</c> set to <see cref="Schema"/>. Components that keep their own
    /// tables here call <see cref="EnsureMigratedAsync(PostgresMigrationSet, CancellationToken)"/> first.
    /// </summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Creates the schema if needed and applies the set's missing migrations, in version order, in one transaction
    /// under a per-schema <c>pg_advisory_xact_lock</c>: safe when several silos start at once, and a no-op once done.
    /// Runs once per process and set (a failed run is tried again by the next caller); cancelling only stops this
    /// caller waiting.
    /// </summary>
    /// <exception cref="ArgumentException">The history table is not a lower-case SQL identifier, or versions repeat or are below 1.</exception>
    public Task EnsureMigratedAsync(PostgresMigrationSet migrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(migrations.Migrations);
        if (!SqlIdentifier.IsValid(migrations.HistoryTable))
        {
            throw new ArgumentException($"The history table '{migrations.HistoryTable}' must be {SqlIdentifier.Rule}.", nameof(migrations));
        }

        if (migrations.Migrations.Any(m => m.Version < 1) || migrations.Migrations.Select(m => m.Version).Distinct().Count() != migrations.Migrations.Count)
        {
            throw new ArgumentException($"The versions of '{migrations.HistoryTable}' must be unique and at least 1.", nameof(migrations));
        }

        return _migrations.GetOrAdd(migrations.HistoryTable, _ => new RetryingOnce(ct => MigrateAsync(migrations, ct))).EnsureAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every bad value of <paramref name="options"/>.</summary>
    internal static void ThrowIfInvalid(JobHubPostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        JobHubPostgresOptionsValidator.Collect(null, options, failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, options.GetType(), failures);
        }
    }

    /// <inheritdoc />
    public void Dispose() => DataSource.Dispose();

    private async Task MigrateAsync(PostgresMigrationSet set, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction))
        {
            // One lock per schema, shared by every set: migrators of other schemas do not wait for each other.
            command.Parameters.AddWithValue("key", (long)MigrationLockHash.Hash32("jobhub.schema_migrations." + Schema));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // CREATE SCHEMA needs CREATE on the database even when the schema exists: only ask for it when it is missing.
        await using (var exists = new NpgsqlCommand("SELECT to_regnamespace(@schema) IS NOT NULL;", connection, transaction))
        {
            exists.Parameters.AddWithValue("schema", Schema);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                await ExecuteAsync(connection, transaction, $"""CREATE SCHEMA IF NOT EXISTS "{Schema}";""", cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteAsync(
            connection,
            transaction,
            $"""
            SET LOCAL search_path TO "{Schema}";
            CREATE TABLE IF NOT EXISTS "{set.HistoryTable}" (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """,
            cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var select = new NpgsqlCommand($"""SELECT version FROM "{set.HistoryTable}";""", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var pending = set.Migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version).ToList();
        foreach (var migration in pending)
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand(
                $"""INSERT INTO "{set.HistoryTable}" (version, name) VALUES (@version, @name) ON CONFLICT (version) DO NOTHING;""", connection, transaction);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var migration in pending)
        {
            LogApplied(_logger, migration.Version, migration.Name, set.HistoryTable, Schema);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
