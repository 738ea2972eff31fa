using JobHub.Runtime.Hosting;
using JobHub.Runtime.Membership;
using JobHub.Runtime.Reminders;
using JobHub.Runtime.Sql.Options;
using JobHub.Runtime.Sql.Postgres;
using JobHub.Runtime.Sql.Sqlite;
using JobHub.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Sql.Hosting;

/// <summary>
/// <c>UseSqliteStorage</c> / <c>UsePostgresStorage</c>: pick the SQL providers for grain state (the keyed
/// <see cref="IGrainStorage"/> named <see cref="GrainStorageNames.Default"/>), reminders and membership.
/// Each is safe to call twice; the provider classes are added once (TryAdd), and the interfaces point at the
/// provider picked last, replacing any earlier pick (for example a memory default).
/// </summary>
public static class SqlStorageBuilderExtensions
{
    /// <summary>Stores grain state, reminders and membership in one SQLite file (default <c>data/jobhub.db</c>).</summary>
    public static IJobHubRuntimeBuilder UseSqliteStorage(this IJobHubRuntimeBuilder builder, Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SqliteStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.TryAddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value, sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabase>(), sp.GetService<ILogger<SqliteGrainStorage>>()));
        services.TryAddSingleton(sp => new SqliteReminderTable(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton(sp => new SqliteMembershipTable(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteStorageStartup>());
        Pick<SqliteGrainStorage, SqliteReminderTable, SqliteMembershipTable>(services);
        return builder;
    }

    /// <summary>Stores grain state, reminders and membership in PostgreSQL; <c>ConnectionString</c> is required.</summary>
    public static IJobHubRuntimeBuilder UsePostgresStorage(this IJobHubRuntimeBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PostgresStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.TryAddSingleton(sp => new PostgresDatabase(sp.GetRequiredService<IOptions<PostgresStorageOptions>>().Value, sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new PostgresGrainStorage(sp.GetRequiredService<PostgresDatabase>()));
        services.TryAddSingleton(sp => new PostgresReminderTable(sp.GetRequiredService<PostgresDatabase>()));
        services.TryAddSingleton(sp => new PostgresMembershipTable(sp.GetRequiredService<PostgresDatabase>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresStorageStartup>());
        Pick<PostgresGrainStorage, PostgresReminderTable, PostgresMembershipTable>(services);
        return builder;
    }

    private static void Pick<TStorage, TReminders, TMembership>(IServiceCollection services)
        where TStorage : class, IGrainStorage
        where TReminders : class, IReminderTable
        where TMembership : class, IMembershipTable
    {
        RemoveAll(services, typeof(IGrainStorage), GrainStorageNames.Default);
        RemoveAll(services, typeof(IReminderTable), serviceKey: null);
        RemoveAll(services, typeof(IMembershipTable), serviceKey: null);
        services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, static (sp, _) => sp.GetRequiredService<TStorage>());
        services.AddSingleton<IReminderTable>(static sp => sp.GetRequiredService<TReminders>());
        services.AddSingleton<IMembershipTable>(static sp => sp.GetRequiredService<TMembership>());
    }

    private static void RemoveAll(IServiceCollection services, Type serviceType, object? serviceKey)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == serviceType && Equals(descriptor.ServiceKey, serviceKey))
            {
                services.RemoveAt(i);
            }
        }
    }
}
