using JobHub.Runtime.Sql.Internal;
using JobHub.Runtime.Sql.Migrations;
using JobHub.Runtime.Sql.Options;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JobHub.Runtime.Sql.Postgres;

/// <summary>
/// One PostgreSQL schema shared by <see cref="PostgresGrainStorage"/>, <see cref="PostgresReminderTable"/> and
/// <see cref="PostgresMembershipTable"/>: the pooled <see cref="NpgsqlDataSource"/> and the schema migrations,
/// applied once on first use under <c>pg_advisory_xact_lock</c>, so concurrent silos never race.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private SqlDialect? _dialect;

    private readonly RetryingOnce _migration;

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
        _migration = new RetryingOnce(MigrateAsync);
    }

    internal PostgresStorageOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal NpgsqlDataSource DataSource { get; }

    /// <summary>Creates the schema if needed and applies missing migrations; safe to call concurrently from any number of processes.</summary>
    public Task EnsureMigratedAsync(CancellationToken cancellationToken = default) => _migration.EnsureAsync(cancellationToken);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();

    /// <summary>Applies migrations if needed, then opens a pooled connection.</summary>
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

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction))
        {
            // One lock per schema: migrators of other schemas in the same database do not wait for each other.
            command.Parameters.AddWithValue("key", (long)StableHashing.Hash32("jobhub.schema_migrations." + Options.Schema));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"""CREATE SCHEMA IF NOT EXISTS "{Options.Schema}"; SET LOCAL search_path TO "{Options.Schema}";""", cancellationToken);
        await ExecuteAsync(connection, transaction, PostgresMigrations.CreateMigrationsTable, cancellationToken);

        var applied = new HashSet<int>();
        await using (var select = new NpgsqlCommand("SELECT version FROM schema_migrations;", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var migration in PostgresMigrations.All.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at);", connection, transaction);
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
