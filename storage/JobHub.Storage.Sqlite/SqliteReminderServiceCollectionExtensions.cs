using JobHub.Storage.Sqlite.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;

namespace JobHub.Storage.Sqlite;

/// <summary><see cref="IServiceCollection"/> extensions that keep Orleans reminders in SQLite.</summary>
public static class SqliteReminderServiceCollectionExtensions
{
    /// <summary>Keeps reminders in a SQLite file (see the <see cref="OptionsBuilder{TOptions}"/> overload).</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configureOptions">Sets the options, e.g. <see cref="SqliteReminderTableOptions.DataSource"/>.</param>
    /// <returns>The same <paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection UseSqliteReminderService(this IServiceCollection services, Action<SqliteReminderTableOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return services.UseSqliteReminderService(ob => ob.Configure(configureOptions));
    }

    /// <summary>
    /// Keeps reminders in a SQLite file (the reminder service itself is added by
    /// <see cref="SqliteReminderSiloBuilderExtensions.UseSqliteReminderService(Orleans.Hosting.ISiloBuilder, Action{SqliteReminderTableOptions})"/>).
    /// The options are validated when the silo starts: a bad value stops it with a message naming the setting.
    /// Calling it again only adds configuration.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configureOptions">Configures the options; null keeps the defaults.</param>
    /// <returns>The same <paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection UseSqliteReminderService(
        this IServiceCollection services,
        Action<OptionsBuilder<SqliteReminderTableOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<SqliteReminderTableOptions>();
        configureOptions?.Invoke(optionsBuilder);
        if (services.Any(d => d.ServiceType == typeof(SqliteReminderTableMarker)))
        {
            return services;
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteReminderTableOptions>, SqliteReminderTableOptionsValidator>());
        services.ConfigureFormatter<SqliteReminderTableOptions>();
        services.AddSqliteDatabaseRegistry();
        services.AddSingleton<SqliteReminderTableMarker>();
        services.AddSingleton<IReminderTable>(SqliteReminderTable.Create);
        return services;
    }
}
