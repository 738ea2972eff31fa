using JobHub.Agent.Hosting;
using JobHub.Grains.Jobs;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Logs;
using JobHub.Grains.Nodes;
using JobHub.Grains.Storage;
using JobHub.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Hosting;

/// <summary>
/// Turns on the job grains in a silo: <c>runtime.AddJobHubGrains().UseSqliteJobLogs()</c> (embedded) or
/// <c>.UsePostgresJobLogs().UsePostgresJobIndex()</c> (a cluster on PostgreSQL).
/// </summary>
public static class JobHubGrainsBuilderExtensions
{
    /// <summary>
    /// Adds the job, worker, node and node pool grains, the local node agent, <see cref="JobsOptions"/>
    /// (section <c>JobHub:Jobs</c>) and <see cref="LocalNodesOptions"/> (section <c>JobHub:LocalNodes</c>),
    /// both validated at start, the SQLite job log store and job list unless others are chosen, and the
    /// start-up recovery of jobs not ended. Safe to call twice.
    /// </summary>
    public static IJobHubRuntimeBuilder AddJobHubGrains(
        this IJobHubRuntimeBuilder builder,
        Action<JobsOptions>? configureJobs = null,
        Action<LocalNodesOptions>? configureLocalNodes = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGrainsFromAssemblyOf<NodeTypeCatalog>();
        var services = builder.Services;
        services.AddLocalNodeAgent();
        var jobs = services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateOnStart();
        if (configureJobs is not null)
        {
            jobs.Configure(configureJobs);
        }

        var nodes = services.AddOptions<LocalNodesOptions>().BindConfiguration(LocalNodesOptions.SectionName).ValidateOnStart();
        if (configureLocalNodes is not null)
        {
            nodes.Configure(configureLocalNodes);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalNodesOptions>, LocalNodesOptionsValidator>());
        services.TryAddSingleton<NodeTypeCatalog>();
        services.AddOptions<SqliteJobLogStoreOptions>().BindConfiguration(SqliteJobLogStoreOptions.SectionName);
        services.TryAddSingleton<IJobLogStore, SqliteJobLogStore>();
        services.AddOptions<SqliteJobIndexOptions>().BindConfiguration(SqliteJobIndexOptions.SectionName);
        services.TryAddSingleton<IJobIndex, SqliteJobIndex>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, JobRecoveryService>());
        return builder;
    }

    /// <summary>Keeps the job list in memory (tests; lost with the process).</summary>
    public static IJobHubRuntimeBuilder UseInMemoryJobIndex(this IJobHubRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobIndex, InMemoryJobIndex>());
        return builder;
    }

    /// <summary>Keeps the job list in a SQLite file (the default of <see cref="AddJobHubGrains"/>).</summary>
    public static IJobHubRuntimeBuilder UseSqliteJobIndex(this IJobHubRuntimeBuilder builder, Action<SqliteJobIndexOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SqliteJobIndexOptions>().BindConfiguration(SqliteJobIndexOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IJobIndex, SqliteJobIndex>());
        return builder;
    }

    /// <summary>Keeps job logs in a SQLite file (the default of <see cref="AddJobHubGrains"/>).</summary>
    public static IJobHubRuntimeBuilder UseSqliteJobLogs(this IJobHubRuntimeBuilder builder, Action<SqliteJobLogStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SqliteJobLogStoreOptions>().BindConfiguration(SqliteJobLogStoreOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IJobLogStore, SqliteJobLogStore>());
        return builder;
    }

    /// <summary>
    /// Keeps job logs in the runtime's PostgreSQL database (table <c>job_logs</c>, created on first use), so every
    /// silo of a cluster reads every job's logs. Needs <c>UsePostgresStorage</c>, whose database, schema and
    /// connection pool it shares. Options: <see cref="PostgresJobLogStoreOptions"/> (section <c>JobHub:Logs:Postgres</c>).
    /// </summary>
    public static IJobHubRuntimeBuilder UsePostgresJobLogs(this IJobHubRuntimeBuilder builder, Action<PostgresJobLogStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<PostgresJobLogStoreOptions>()
            .BindConfiguration(PostgresJobLogStoreOptions.SectionName)
            .Validate(o => o.FollowPollInterval > TimeSpan.Zero, $"{nameof(PostgresJobLogStoreOptions)}.{nameof(PostgresJobLogStoreOptions.FollowPollInterval)} must be positive.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IJobLogStore>(sp => new PostgresJobLogStore(
            JobTablesPostgresMigrations.Require(sp, nameof(UsePostgresJobLogs)),
            sp.GetRequiredService<IOptions<PostgresJobLogStoreOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgresJobLogStore>>())));
        return builder;
    }

    /// <summary>
    /// Keeps the job list in the runtime's PostgreSQL database (table <c>job_index</c>, created on first use), so every
    /// silo of a cluster lists every job. Needs <c>UsePostgresStorage</c>, whose database, schema and pool it shares.
    /// </summary>
    public static IJobHubRuntimeBuilder UsePostgresJobIndex(this IJobHubRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobIndex>(sp => new PostgresJobIndex(JobTablesPostgresMigrations.Require(sp, nameof(UsePostgresJobIndex)))));
        return builder;
    }

    /// <summary>Keeps job logs in memory (tests; logs are lost with the process).</summary>
    public static IJobHubRuntimeBuilder UseInMemoryJobLogs(this IJobHubRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobLogStore, InMemoryJobLogStore>());
        return builder;
    }
}
