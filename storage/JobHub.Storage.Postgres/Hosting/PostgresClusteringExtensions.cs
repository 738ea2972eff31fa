using JobHub.Storage.Postgres.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace JobHub.Storage.Postgres;

/// <summary>
/// Cluster membership in PostgreSQL: Orleans' ADO.NET clustering provider (invariant <c>Npgsql</c>) on our schema
/// (<see cref="OrleansPostgresSchema"/>). Silos apply the schema's migrations at start, before the provider reads its
/// queries; clients only read (they find gateways) and never migrate.
/// </summary>
public static class PostgresClusteringExtensions
{
    /// <summary>Uses PostgreSQL for this silo's cluster membership.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the connection string, schema and command timeout.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<JobHubPostgresOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UsePostgresClustering(ob => ob.Configure(configureOptions));
    }

    /// <summary>Uses PostgreSQL for this silo's cluster membership, with the options built from an <see cref="OptionsBuilder{TOptions}"/> (e.g. bound to configuration).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the options instance <see cref="JobHubPostgresOptionNames.Clustering"/>.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<OptionsBuilder<JobHubPostgresOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(builder.Services.AddJobHubPostgresOptions<JobHubPostgresOptions>(JobHubPostgresOptionNames.Clustering));
        builder.Services.AddPostgresMigrationsAtStart<JobHubPostgresOptions>(JobHubPostgresOptionNames.Clustering, OrleansPostgresSchema.Migrations);
        return builder.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringSiloOptions> ob) =>
            ob.Configure<IOptionsMonitor<JobHubPostgresOptions>>((options, ours) =>
            {
                options.Invariant = OrleansPostgresSchema.Invariant;
                options.ConnectionString = PostgresConnectionStrings.ForSchema(ours.Get(JobHubPostgresOptionNames.Clustering));
            }));
    }

    /// <summary>Makes this cluster client find gateways in the PostgreSQL membership table the silos use.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configureOptions">Sets the connection string, schema and command timeout (the silos' database and schema).</param>
    /// <returns>The builder.</returns>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, Action<JobHubPostgresOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UsePostgresClustering(ob => ob.Configure(configureOptions));
    }

    /// <summary>Makes this cluster client find gateways in PostgreSQL, with the options built from an <see cref="OptionsBuilder{TOptions}"/>.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configureOptions">Configures the options instance <see cref="JobHubPostgresOptionNames.Clustering"/>.</param>
    /// <returns>The builder.</returns>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, Action<OptionsBuilder<JobHubPostgresOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(builder.Services.AddJobHubPostgresOptions<JobHubPostgresOptions>(JobHubPostgresOptionNames.Clustering));
        return builder.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringClientOptions> ob) =>
            ob.Configure<IOptionsMonitor<JobHubPostgresOptions>>((options, ours) =>
            {
                options.Invariant = OrleansPostgresSchema.Invariant;
                options.ConnectionString = PostgresConnectionStrings.ForSchema(ours.Get(JobHubPostgresOptionNames.Clustering));
            }));
    }
}
