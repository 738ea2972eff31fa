using JobHub.Storage.Postgres.Internal;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace JobHub.Storage.Postgres;

/// <summary>
/// Reminders in PostgreSQL: Orleans' ADO.NET reminder table (invariant <c>Npgsql</c>) on our schema
/// (<see cref="OrleansPostgresSchema"/>), migrated at silo start.
/// </summary>
public static class PostgresReminderExtensions
{
    /// <summary>Adds the reminder service with its table in PostgreSQL.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the connection string, schema and command timeout.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder UsePostgresReminderService(this ISiloBuilder builder, Action<JobHubPostgresOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UsePostgresReminderService(ob => ob.Configure(configureOptions));
    }

    /// <summary>Adds the reminder service with its table in PostgreSQL, with the options built from an <see cref="OptionsBuilder{TOptions}"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the options instance <see cref="JobHubPostgresOptionNames.Reminders"/>.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder UsePostgresReminderService(this ISiloBuilder builder, Action<OptionsBuilder<JobHubPostgresOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(builder.Services.AddJobHubPostgresOptions<JobHubPostgresOptions>(JobHubPostgresOptionNames.Reminders));
        builder.Services.AddPostgresMigrationsAtStart<JobHubPostgresOptions>(JobHubPostgresOptionNames.Reminders, OrleansPostgresSchema.Migrations);
        return builder.UseAdoNetReminderService((OptionsBuilder<AdoNetReminderTableOptions> ob) =>
            ob.Configure<IOptionsMonitor<JobHubPostgresOptions>>((options, ours) =>
            {
                options.Invariant = OrleansPostgresSchema.Invariant;
                options.ConnectionString = PostgresConnectionStrings.ForSchema(ours.Get(JobHubPostgresOptionNames.Reminders));
            }));
    }
}
