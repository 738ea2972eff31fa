using JobHub.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace JobHub.Grains.Audit;

/// <summary>
/// Chooses where the audit log is kept: <c>silo.UseSqliteAuditLog(...)</c> (embedded) or <c>.UsePostgresAuditLog(...)</c>
/// (a cluster). Without either, <c>AddJobHubGrains</c> keeps it in memory. The one instance serves both
/// <see cref="IAuditLog"/> (writers) and <see cref="IAuditLogReader"/> (the audit API).
/// </summary>
public static class AuditLogBuilderExtensions
{
    /// <summary>Keeps the audit log in memory (tests; the default of <c>AddJobHubGrains</c>).</summary>
    public static IServiceCollection AddInMemoryAuditLog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<InMemoryAuditLog>();
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<InMemoryAuditLog>());
        services.TryAddSingleton<IAuditLogReader>(sp => sp.GetRequiredService<InMemoryAuditLog>());
        return services;
    }

    /// <summary>Keeps the audit log in a SQLite file (<see cref="SqliteAuditLogOptions"/>, section <c>JobHub:Audit:Sqlite</c>).</summary>
    public static ISiloBuilder UseSqliteAuditLog(this ISiloBuilder builder, Action<SqliteAuditLogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SqliteAuditLogOptions>().BindConfiguration(SqliteAuditLogOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SqliteAuditLog>();
        Use<SqliteAuditLog>(builder.Services);
        return builder;
    }

    /// <summary>
    /// Keeps the audit log in PostgreSQL (table <c>audit_log</c>, created by the silo at start and append-only), so every
    /// silo of a cluster writes to and reads one log. <paramref name="database"/> names the database and schema (the cluster's).
    /// </summary>
    public static ISiloBuilder UsePostgresAuditLog(this ISiloBuilder builder, Action<JobHubPostgresOptions> database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        AuditPostgresMigrations.Tables.Register(builder.Services, database);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new PostgresAuditLog(AuditPostgresMigrations.Tables.Database(sp), sp.GetRequiredService<TimeProvider>()));
        Use<PostgresAuditLog>(builder.Services);
        return builder;
    }

    private static void Use<TLog>(IServiceCollection services)
        where TLog : class, IAuditLog, IAuditLogReader
    {
        services.Replace(ServiceDescriptor.Singleton<IAuditLog>(sp => sp.GetRequiredService<TLog>()));
        services.Replace(ServiceDescriptor.Singleton<IAuditLogReader>(sp => sp.GetRequiredService<TLog>()));
    }
}
