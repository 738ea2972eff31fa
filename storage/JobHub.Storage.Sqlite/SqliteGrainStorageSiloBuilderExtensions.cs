using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;

namespace JobHub.Storage.Sqlite;

/// <summary><see cref="ISiloBuilder"/> extensions that add SQLite grain storage, like Orleans' own <c>AddXxxGrainStorage</c>.</summary>
public static class SqliteGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds SQLite grain storage as the default storage (the one <c>[PersistentState]</c> uses when it names none).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the options, e.g. <see cref="SqliteGrainStorageOptions.DataSource"/>.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configureOptions) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds SQLite grain storage as the default storage, configured through an <see cref="OptionsBuilder{TOptions}"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the options; null keeps the defaults.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<SqliteGrainStorageOptions>>? configureOptions = null) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage name grains use, as in <c>[PersistentState("state", "name")]</c>.</param>
    /// <param name="configureOptions">Sets the options, e.g. <see cref="SqliteGrainStorageOptions.DataSource"/>.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>, configured through an <see cref="OptionsBuilder{TOptions}"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage name grains use, as in <c>[PersistentState("state", "name")]</c>.</param>
    /// <param name="configureOptions">Configures the named options; null keeps the defaults.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<SqliteGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteGrainStorage(name, configureOptions);
        return builder;
    }
}
