using JobHub.Storage.Sqlite.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobHub.Storage.Sqlite;

/// <summary><see cref="IServiceCollection"/> extensions that let other stores share the silo's SQLite files.</summary>
public static class SqliteFilesServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SqliteFiles"/> (safe to call more than once).</summary>
    /// <param name="services">The silo's services.</param>
    /// <returns>The same <paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddSqliteFiles(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSqliteDatabaseRegistry();
        services.TryAddSingleton(sp => new SqliteFiles(
            sp.GetRequiredService<SqliteDatabaseRegistry>(),
            sp.GetServices<SqliteGrainStorageMarker>(),
            sp.GetService<IOptionsMonitor<SqliteGrainStorageOptions>>()));
        return services;
    }
}
