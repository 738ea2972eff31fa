using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>Services every SQLite provider needs, registered once per silo.</summary>
internal static class SqliteServiceRegistration
{
    public static void AddSqliteDatabaseRegistry(this IServiceCollection services) =>
        services.TryAddSingleton(sp => new SqliteDatabaseRegistry(
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>()));
}
