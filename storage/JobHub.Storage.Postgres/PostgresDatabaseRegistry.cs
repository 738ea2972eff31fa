using System.Collections.Concurrent;
using JobHub.Storage.Postgres.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobHub.Storage.Postgres;

/// <summary>
/// The <see cref="PostgresDatabase"/> of each connection string and schema in this process: providers configured with
/// the same database and schema share one pool and one migration run. Registered as a singleton by every JobHub
/// PostgreSQL hosting extension; disposing it disposes the databases.
/// </summary>
public sealed class PostgresDatabaseRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<PostgresDatabase>> _databases = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates an empty registry.</summary>
    public PostgresDatabaseRegistry(ILoggerFactory? loggerFactory = null)
    {
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>
    /// The database for <paramref name="options"/>' connection string and schema, created on first request. The first
    /// request's <see cref="JobHubPostgresOptions.CommandTimeout"/> applies to the shared pool.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">When <paramref name="options"/> has bad values.</exception>
    public PostgresDatabase Get(JobHubPostgresOptions options)
    {
        PostgresDatabase.ThrowIfInvalid(options);
        return _databases.GetOrAdd(
            PostgresConnectionStrings.Key(options),
            _ => new Lazy<PostgresDatabase>(() => new PostgresDatabase(options, _loggerFactory.CreateLogger<PostgresDatabase>()))).Value;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases.Values.Where(d => d.IsValueCreated))
        {
            await database.Value.DisposeAsync().ConfigureAwait(false);
        }

        _databases.Clear();
    }
}
