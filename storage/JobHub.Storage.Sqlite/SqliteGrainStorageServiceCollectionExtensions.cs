using JobHub.Storage.Sqlite.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace JobHub.Storage.Sqlite;

/// <summary><see cref="IServiceCollection"/> extensions that add SQLite grain storage to a silo.</summary>
public static class SqliteGrainStorageServiceCollectionExtensions
{
    /// <summary>Adds SQLite grain storage as the default storage (the one <c>[PersistentState]</c> uses when it names none).</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configureOptions">Sets the options, e.g. <see cref="SqliteGrainStorageOptions.DataSource"/>.</param>
    /// <returns>The same <paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddSqliteGrainStorageAsDefault(this IServiceCollection services, Action<SqliteGrainStorageOptions> configureOptions) =>
        services.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The storage name grains use, as in <c>[PersistentState("state", "name")]</c>.</param>
    /// <param name="configureOptions">Sets the options, e.g. <see cref="SqliteGrainStorageOptions.DataSource"/>.</param>
    /// <returns>The same <paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return services.AddSqliteGrainStorage(name, ob => ob.Configure(configureOptions));
    }

    /// <summary>
    /// Adds SQLite grain storage under <paramref name="name"/>, configured through an <see cref="OptionsBuilder{TOptions}"/>
    /// (to bind configuration, for example). Calling it again for the same name only adds configuration.
    /// The options are validated when the silo starts: a bad value stops it with a message naming the setting.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The storage name grains use, as in <c>[PersistentState("state", "name")]</c>.</param>
    /// <param name="configureOptions">Configures the named options; null keeps the defaults.</param>
    /// <returns>The same <paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddSqliteGrainStorage(
        this IServiceCollection services,
        string name,
        Action<OptionsBuilder<SqliteGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var optionsBuilder = services.AddOptions<SqliteGrainStorageOptions>(name);
        configureOptions?.Invoke(optionsBuilder);
        var marker = new SqliteGrainStorageMarker(name);
        if (services.Any(d => d.ServiceType == typeof(SqliteGrainStorageMarker) && marker.Equals(d.ImplementationInstance)))
        {
            return services;
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteGrainStorageOptions>, SqliteGrainStorageOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<SqliteGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>());
        services.ConfigureNamedOptionForLogging<SqliteGrainStorageOptions>(name);
        services.AddSqliteDatabaseRegistry();
        services.AddSingleton(marker);
        return services.AddGrainStorage(name, SqliteGrainStorage.Create);
    }
}
