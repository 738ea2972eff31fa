using JobHub.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JobHub.Grains.Storage;

/// <summary>
/// A group of our own tables in the cluster's PostgreSQL schema (the job tables, the audit log): its database options
/// (a named <see cref="JobHubPostgresOptions"/> instance), its migrations applied by each silo at start under the
/// schema's migration lock, and pooled connections that apply them first when a store is used before the silo starts.
/// </summary>
internal sealed class PostgresTables(string optionsName, PostgresMigrationSet migrations)
{
    /// <summary>The name of the <see cref="JobHubPostgresOptions"/> instance of these tables.</summary>
    public string OptionsName { get; } = optionsName;

    /// <summary>The tables' migrations.</summary>
    public PostgresMigrationSet Migrations { get; } = migrations;

    /// <summary>Registers the database options (once) and the migrations at silo start; <paramref name="configure"/> sets the database.</summary>
    public void Register(IServiceCollection services, Action<JobHubPostgresOptions> configure)
    {
        var options = services.AddJobHubPostgresOptions<JobHubPostgresOptions>(OptionsName);
        if (!services.Any(d => d.ServiceType == typeof(Registered) && d.ImplementationInstance is Registered r && r.OptionsName == OptionsName))
        {
            options.Configure(configure);
            services.AddSingleton(new Registered(OptionsName));
            services.AddPostgresMigrationsAtStart<JobHubPostgresOptions>(OptionsName, Migrations);
        }
    }

    /// <summary>The database of these tables.</summary>
    public PostgresDatabase Database(IServiceProvider services) =>
        services.GetRequiredService<PostgresDatabaseRegistry>().Get(services.GetRequiredService<IOptionsMonitor<JobHubPostgresOptions>>().Get(OptionsName));

    /// <summary>Applies the migrations (once per process), then opens a pooled connection.</summary>
    public async Task<NpgsqlConnection> OpenAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        await database.EnsureMigratedAsync(Migrations, cancellationToken).ConfigureAwait(false);
        return await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the tables of one options name as registered.</summary>
    private sealed record Registered(string OptionsName);
}
