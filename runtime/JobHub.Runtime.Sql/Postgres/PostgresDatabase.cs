using System.Collections.Concurrent;
using JobHub.Runtime.Sql.Internal;
using JobHub.Runtime.Sql.Migrations;
using JobHub.Runtime.Sql.Options;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JobHub.Runtime.Sql.Postgres;

/// <summary>
/// One PostgreSQL schema shared by <see cref="PostgresGrainStorage"/>, <see cref="PostgresReminderTable"/> and
/// <see cref="PostgresMembershipTable"/> (and by components with tables of their own, such as the job logs): the pooled
/// <see cref="NpgsqlDataSource"/> and the schema migrations of each <see cref="PostgresMigrationSet"/>, applied once on
/// first use under <c>pg_advisory_xact_lock</c>, so concurrent silos never race.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private SqlDialect? _dialect;

    private readonly RetryingOnce _migration;

    private readonly ConcurrentDictionary<string, RetryingOnce> _componentMigrations = new(StringComparer.Ordinal);

    /// <exception cref="OptionsValidationException">When <paramref name="options"/> has bad values.</exception>
    public PostgresDatabase(PostgresStorageOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new PostgresStorageOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(PostgresStorageOptions), result.Failures);
        }

        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.SearchPath = options.Schema;
        builder.ConnectionStringBuilder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        DataSource = builder.Build();
        _migration = new RetryingOnce(ct => MigrateAsync(PostgresMigrations.Runtime, ct));
    }

    internal PostgresStorageOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>
    /// The pooled connections to the database, with <c>search_path</c> set to the schema. Components that keep their
    /// own tables here call <see cref="EnsureMigratedAsync(PostgresMigrationSet, CancellationToken)"/> first.
    /// </summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates the schema if needed and applies missing migrations; safe to call concurrently from any number of processes.</summary>
    public Task EnsureMigratedAsync(CancellationToken cancellationToken = default) => _migration.EnsureAsync(cancellationToken);

    /// <summary>
    /// Applies a component's migrations in this database's schema, once per process (a failed run is tried again by
    /// the next caller); safe to call concurrently from any number of processes.
    /// </summary>
    /// <exception cref="ArgumentException">The set's history table is not a lower-case SQL identifier, or is the runtime's.</exception>
    public Task EnsureMigratedAsync(PostgresMigrationSet migrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        if (!OptionChecks.SqlIdentifier().IsMatch(migrations.HistoryTable) || migrations.HistoryTable == PostgresMigrations.Runtime.HistoryTable)
        {
            throw new ArgumentException($"'{migrations.HistoryTable}' cannot name a component's migration history: use a lower-case SQL identifier other than '{PostgresMigrations.Runtime.HistoryTable}'.", nameof(migrations));
        }

        return _componentMigrations.GetOrAdd(migrations.HistoryTable, _ => new RetryingOnce(ct => MigrateAsync(migrations, ct))).EnsureAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();

    /// <summary>How the shared SQL tables talk to this database.</summary>
    internal SqlDialect Dialect => _dialect ??= new SqlDialect
    {
        OpenAsync = async ct => await OpenAsync(ct),
        BeginWriteAsync = static async (connection, ct) => await connection.BeginTransactionAsync(ct),
        Time = static time => time.ToUniversalTime(),
        ReadTime = static (reader, ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal),
        Json = static name => $"CAST({name} AS jsonb)",
    };

    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(cancellationToken);
        return await DataSource.OpenConnectionAsync(cancellationToken);
    }

    private async Task MigrateAsync(PostgresMigrationSet set, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction))
        {
            // One lock per schema (for every set): migrators of other schemas in the same database do not wait for each other.
            command.Parameters.AddWithValue("key", (long)StableHashing.Hash32("jobhub.schema_migrations." + Options.Schema));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"""CREATE SCHEMA IF NOT EXISTS "{Options.Schema}"; SET LOCAL search_path TO "{Options.Schema}";""", cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            $"""
            CREATE TABLE IF NOT EXISTS "{set.HistoryTable}" (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL
            );
            """,
            cancellationToken);

        var applied = new HashSet<int>();
        await using (var select = new NpgsqlCommand($"""SELECT version FROM "{set.HistoryTable}";""", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var migration in set.Migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                $"""INSERT INTO "{set.HistoryTable}" (version, name, applied_at) VALUES (@version, @name, @at);""", connection, transaction);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("at", TimeProvider.GetUtcNow().ToUniversalTime());
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
