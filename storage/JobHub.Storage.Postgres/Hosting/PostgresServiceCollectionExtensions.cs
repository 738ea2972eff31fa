using JobHub.Storage.Postgres.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Storage.Postgres;

/// <summary>
/// The registrations every JobHub PostgreSQL hosting extension shares; also for components with tables of their own
/// in the same database (the job logs and job list), which get it through <see cref="PostgresDatabaseRegistry"/>.
/// </summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>Adds the named options (validated at start), the registry and the validators; safe to call repeatedly.</summary>
    public static OptionsBuilder<TOptions> AddJobHubPostgresOptions<TOptions>(this IServiceCollection services, string name)
        where TOptions : JobHubPostgresOptions
    {
        services.TryAddSingleton(sp => new PostgresDatabaseRegistry(sp.GetService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobHubPostgresOptions>, JobHubPostgresOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresGrainStorageOptions>, PostgresGrainStorageOptionsValidator>());
        return services.AddOptions<TOptions>(name).ValidateOnStart();
    }

    /// <summary>Makes the silo apply <paramref name="set"/> at start in the database of the options <paramref name="name"/>.</summary>
    public static void AddPostgresMigrationsAtStart<TOptions>(this IServiceCollection services, string name, PostgresMigrationSet set)
        where TOptions : JobHubPostgresOptions
    {
        ArgumentNullException.ThrowIfNull(set);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, PostgresMigrationStartup>());
        services.AddSingleton(new PostgresMigrationRegistration(
            $"{typeof(TOptions).FullName}/{name}/{set.HistoryTable}",
            sp => sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name),
            set));
    }
}
