using JobHub.Agent.Hosting;
using JobHub.Grains.Billing;
using JobHub.Grains.Datasets;
using JobHub.Grains.Diagnostics;
using JobHub.Grains.Audit;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Jobs;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Logs;
using JobHub.Grains.Nodes;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Storage;
using JobHub.Storage.Postgres;
using JobHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace JobHub.Grains.Hosting;

/// <summary>
/// Turns on the job grains in an Orleans silo: <c>silo.AddJobHubGrains().UseSqliteJobLogs()</c> (embedded) or
/// <c>.UsePostgresJobLogs(...).UsePostgresJobIndex(...)</c> (a cluster on PostgreSQL).
/// </summary>
public static class JobHubGrainsBuilderExtensions
{
    /// <summary>
    /// Adds the job, worker, node and node pool grains, the local node agent, <see cref="JobsOptions"/>
    /// (section <c>JobHub:Jobs</c>), <see cref="LocalNodesOptions"/> (section <c>JobHub:LocalNodes</c>) and
    /// <see cref="BillingOptions"/> (section <c>JobHub:Billing</c>), validated at start, the job meter's clock
    /// (<see cref="BillingClock"/>), the SQLite job log store and job list unless others are chosen, and the
    /// start-up recovery of jobs not ended. The grain classes themselves are found by Orleans (this assembly is
    /// referenced). Safe to call twice.
    /// </summary>
    public static ISiloBuilder AddJobHubGrains(
        this ISiloBuilder builder,
        Action<JobsOptions>? configureJobs = null,
        Action<LocalNodesOptions>? configureLocalNodes = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var firstCall = !services.Any(d => d.ServiceType == typeof(JobRecoveryService));
        if (firstCall)
        {
            services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateOnStart();
            services.AddOptions<LocalNodesOptions>().BindConfiguration(LocalNodesOptions.SectionName).ValidateOnStart();
            services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.SectionName).ValidateOnStart();
        }

        if (configureJobs is not null)
        {
            services.Configure(configureJobs);
        }

        if (configureLocalNodes is not null)
        {
            services.Configure(configureLocalNodes);
        }

        if (!firstCall)
        {
            return builder;
        }

        // Grain state is written with Orleans' own serializer: version-tolerant through the [Id]s of the state
        // classes, and type names pinned by their [Alias], so a rolling upgrade reads what the old version wrote.
        services.Replace(ServiceDescriptor.Singleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLocalNodeAgent();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalNodesOptions>, LocalNodesOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BillingOptions>, BillingOptionsValidator>());
        services.TryAddKeyedSingleton<TimeProvider>(BillingClock.ServiceKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.TryAddSingleton<JobEstimator>();
        services.TryAddSingleton<QuotaDirectoryCache>();
        services.AddJobHubNodePools(); // JobHub:NodePools, validated at start; the node providers by name
        services.TryAddSingleton<NodeTypeCatalog>();
        services.TryAddSingleton<ProcessPreparation>();
        services.AddJobHubDatasets(); // users' datasets: options, content store, placement into job folders
        services.AddMetrics();
        services.TryAddSingleton<JobMetrics>();
        services.TryAddSingleton<NodePoolMetrics>();
        services.AddOptions<SqliteJobLogStoreOptions>().BindConfiguration(SqliteJobLogStoreOptions.SectionName);
        services.TryAddSingleton<IJobLogStore, SqliteJobLogStore>();
        services.AddOptions<SqliteJobIndexOptions>().BindConfiguration(SqliteJobIndexOptions.SectionName);
        services.AddSqliteFiles();
        services.TryAddSingleton<IJobIndex, SqliteJobIndex>();
        services.AddInMemoryAuditLog();
        services.AddInMemoryBillingLedger();
        services.AddSingleton<JobRecoveryService>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<JobRecoveryService>());
        return builder;
    }

    /// <summary>Keeps the job list in memory (tests; lost with the process).</summary>
    public static ISiloBuilder UseInMemoryJobIndex(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobIndex, InMemoryJobIndex>());
        return builder;
    }

    /// <summary>Keeps the job list in a SQLite file (the default of <see cref="AddJobHubGrains"/>).</summary>
    public static ISiloBuilder UseSqliteJobIndex(this ISiloBuilder builder, Action<SqliteJobIndexOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SqliteJobIndexOptions>().BindConfiguration(SqliteJobIndexOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSqliteFiles();
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobIndex, SqliteJobIndex>());
        return builder;
    }

    /// <summary>Keeps job logs in a SQLite file (the default of <see cref="AddJobHubGrains"/>).</summary>
    public static ISiloBuilder UseSqliteJobLogs(this ISiloBuilder builder, Action<SqliteJobLogStoreOptions>? configure = null)
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
    /// Keeps job logs in PostgreSQL (tables <c>job_logs</c> and <c>job_log_heads</c>, created by the silo at start), so
    /// every silo of a cluster reads every job's logs and followers are woken by LISTEN/NOTIFY from any silo.
    /// <paramref name="database"/> names the database and schema (the cluster's); <paramref name="configure"/> sets
    /// <see cref="PostgresJobLogStoreOptions"/> (section <c>JobHub:Logs:Postgres</c>).
    /// </summary>
    public static ISiloBuilder UsePostgresJobLogs(this ISiloBuilder builder, Action<JobHubPostgresOptions> database, Action<PostgresJobLogStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        JobTablesPostgresMigrations.Tables.Register(builder.Services, database);
        var options = builder.Services.AddOptions<PostgresJobLogStoreOptions>()
            .BindConfiguration(PostgresJobLogStoreOptions.SectionName)
            .Validate(o => o.FollowPollInterval > TimeSpan.Zero, $"{nameof(PostgresJobLogStoreOptions)}.{nameof(PostgresJobLogStoreOptions.FollowPollInterval)} must be positive.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IJobLogStore>(sp => new PostgresJobLogStore(
            JobTablesPostgresMigrations.Tables.Database(sp),
            sp.GetRequiredService<IOptions<PostgresJobLogStoreOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgresJobLogStore>>())));
        return builder;
    }

    /// <summary>
    /// Keeps the job list in PostgreSQL (table <c>job_index</c>, created by the silo at start), so every silo of a
    /// cluster lists every job. <paramref name="database"/> names the database and schema (the cluster's).
    /// </summary>
    public static ISiloBuilder UsePostgresJobIndex(this ISiloBuilder builder, Action<JobHubPostgresOptions> database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        JobTablesPostgresMigrations.Tables.Register(builder.Services, database);
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobIndex>(sp => new PostgresJobIndex(JobTablesPostgresMigrations.Tables.Database(sp), sp.GetRequiredService<ILogger<PostgresJobIndex>>())));
        return builder;
    }

    /// <summary>Keeps job logs in memory (tests; logs are lost with the process).</summary>
    public static ISiloBuilder UseInMemoryJobLogs(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobLogStore, InMemoryJobLogStore>());
        return builder;
    }
}
