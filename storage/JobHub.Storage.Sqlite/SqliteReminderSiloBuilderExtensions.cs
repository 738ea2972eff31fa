using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace JobHub.Storage.Sqlite;

/// <summary><see cref="ISiloBuilder"/> extensions that keep reminders in SQLite, like Orleans' own <c>UseXxxReminderService</c>.</summary>
public static class SqliteReminderSiloBuilderExtensions
{
    /// <summary>Adds the reminder service and keeps reminders in a SQLite file.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the options, e.g. <see cref="SqliteReminderTableOptions.DataSource"/>.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UseSqliteReminderService(ob => ob.Configure(configureOptions));
    }

    /// <summary>Adds the reminder service and keeps reminders in a SQLite file, configured through an <see cref="OptionsBuilder{TOptions}"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the options; null keeps the defaults.</param>
    /// <returns>The same <paramref name="builder"/>, for chaining.</returns>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<OptionsBuilder<SqliteReminderTableOptions>>? configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReminders();
        builder.Services.UseSqliteReminderService(configureOptions);
        return builder;
    }
}
