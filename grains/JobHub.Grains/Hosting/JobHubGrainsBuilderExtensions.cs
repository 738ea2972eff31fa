using JobHub.Agent.Hosting;
using JobHub.Grains.Jobs;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Logs;
using JobHub.Grains.Nodes;
using JobHub.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Hosting;

/// <summary>Turns on the job grains in a silo: <c>runtime.AddJobHubGrains().UseSqliteJobLogs()</c>.</summary>
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

    /// <summary>Keeps job logs in memory (tests; logs are lost with the process).</summary>
    public static IJobHubRuntimeBuilder UseInMemoryJobLogs(this IJobHubRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobLogStore, InMemoryJobLogStore>());
        return builder;
    }
}
