using JobHub.Storage.Postgres.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace JobHub.Storage.Postgres;

/// <summary>
/// Grain storage in PostgreSQL. Two providers, both migrated at silo start:
/// <list type="bullet">
/// <item><c>AddPostgresGrainStorage</c>: ours, <see cref="PostgresGrainStorage"/>, which commits writes in groups (one
/// statement per batch); the one to use for state written often.</item>
/// <item><c>AddAdoNetPostgresGrainStorage</c>: Orleans' ADO.NET grain storage (one transaction per write) on our
/// schema (<see cref="OrleansPostgresSchema"/>), for parity with Orleans' documented provider. Its
/// <c>DeleteStateOnClear</c> is not supported: a clear keeps a tombstone.</item>
/// </list>
/// </summary>
public static class PostgresGrainStorageExtensions
{
    /// <summary>Adds the batched PostgreSQL grain storage named <paramref name="name"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage name grains ask for (<c>[PersistentState("state", name)]</c>).</param>
    /// <param name="configureOptions">Sets the database, schema, batch size, queue capacity and serializer.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddPostgresGrainStorage(name, ob => ob.Configure(configureOptions));
    }

    /// <summary>Adds the batched PostgreSQL grain storage named <paramref name="name"/>, with the options built from an <see cref="OptionsBuilder{TOptions}"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage name; also the name of its <see cref="PostgresGrainStorageOptions"/>.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<PostgresGrainStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var services = builder.Services;
        configureOptions(services.AddJobHubPostgresOptions<PostgresGrainStorageOptions>(name));
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<PostgresGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<PostgresGrainStorageOptions>>());
        services.AddPostgresMigrationsAtStart<PostgresGrainStorageOptions>(name, PostgresGrainStateSchema.Migrations);
        services.AddGrainStorage(name, PostgresGrainStorage.Create);
        return builder;
    }

    /// <summary>Adds the batched PostgreSQL grain storage as the default storage.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the database, schema, batch size, queue capacity and serializer.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder builder, Action<PostgresGrainStorageOptions> configureOptions) =>
        builder.AddPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds the batched PostgreSQL grain storage as the default storage, with the options built from an <see cref="OptionsBuilder{TOptions}"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<PostgresGrainStorageOptions>> configureOptions) =>
        builder.AddPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds Orleans' ADO.NET grain storage named <paramref name="name"/> on our PostgreSQL schema.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage name grains ask for.</param>
    /// <param name="configureOptions">Sets the connection string, schema and command timeout.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddAdoNetPostgresGrainStorage(this ISiloBuilder builder, string name, Action<JobHubPostgresOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddAdoNetPostgresGrainStorage(name, ob => ob.Configure(configureOptions));
    }

    /// <summary>Adds Orleans' ADO.NET grain storage named <paramref name="name"/> on our PostgreSQL schema, with the options built from an <see cref="OptionsBuilder{TOptions}"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage name.</param>
    /// <param name="configureOptions">Configures the options instance <see cref="JobHubPostgresOptionNames.AdoNetGrainStorage(string)"/>.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddAdoNetPostgresGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<JobHubPostgresOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var optionsName = JobHubPostgresOptionNames.AdoNetGrainStorage(name);
        configureOptions(builder.Services.AddJobHubPostgresOptions<JobHubPostgresOptions>(optionsName));
        builder.Services.AddPostgresMigrationsAtStart<JobHubPostgresOptions>(optionsName, OrleansPostgresSchema.Migrations);
        return builder.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> ob) =>
            ob.Configure<IOptionsMonitor<JobHubPostgresOptions>>((options, ours) =>
            {
                options.Invariant = OrleansPostgresSchema.Invariant;
                options.ConnectionString = PostgresConnectionStrings.ForSchema(ours.Get(optionsName));
            }));
    }

    /// <summary>Adds Orleans' ADO.NET grain storage on our PostgreSQL schema as the default storage.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the connection string, schema and command timeout.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddAdoNetPostgresGrainStorageAsDefault(this ISiloBuilder builder, Action<JobHubPostgresOptions> configureOptions) =>
        builder.AddAdoNetPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);
}
