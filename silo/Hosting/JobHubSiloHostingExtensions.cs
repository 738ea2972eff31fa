using JobHub.Agent.Hosting;
using JobHub.Grains.Hosting;
using JobHub.Runtime;
using JobHub.Runtime.Cluster;
using JobHub.Runtime.Hosting;
using JobHub.Runtime.Membership;
using JobHub.Runtime.Networking;
using JobHub.Runtime.Sql.Hosting;
using JobHub.Silo.Api;
using JobHub.Silo.Cluster;
using Microsoft.Extensions.Options;

namespace JobHub.Silo.Hosting;

/// <summary>Composes the silo: the actor runtime on SQLite, the REST API and the graceful-stop policy.</summary>
public static class JobHubSiloHostingExtensions
{
    public static WebApplicationBuilder AddJobHubSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(JobHubSiloOptions.SectionName);
        var siloOptions = section.Get<JobHubSiloOptions>() ?? new JobHubSiloOptions();
        builder.Services.AddOptions<JobHubSiloOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JobHubSiloOptions>, JobHubSiloOptionsValidator>();

        var configuredUrls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"];
        if (string.IsNullOrEmpty(configuredUrls))
        {
            builder.WebHost.UseUrls(siloOptions.DefaultUrl);
        }

        var apiUrl = new Uri((configuredUrls ?? siloOptions.DefaultUrl).Split(';')[0].Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal));

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = siloOptions.ShutdownTimeout);
        builder.Services.Configure<JobHubRuntimeOptions>(builder.Configuration.GetSection(JobHubRuntimeOptions.SectionName));
        builder.Services.AddSingleton(sp =>
        {
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            return new LocalSiloDetails(siloOptions.Name, new SiloAddress(apiUrl.Host, apiUrl.Port, now.ToUnixTimeMilliseconds()), now, typeof(JobHubSiloOptions).Assembly.GetName().Version?.ToString() ?? "0.0.0");
        });
        builder.Services.AddJobHubRuntime(runtime =>
        {
            runtime
                .AddGrainsFromAssemblyOf<SiloHistoryGrain>()
                .AddJobHubGrains(jobs => jobs.ApiUrl = apiUrl)
                .UseSqliteJobLogs(o => o.DataSource = Path.Combine(siloOptions.DataDirectory, "logs.db"))
                .UseSqliteJobIndex(o => o.DataSource = Path.Combine(siloOptions.DataDirectory, "jobs.db"));
            foreach (var path in siloOptions.GrainAssemblies.Where(File.Exists))
            {
                runtime.AddGrains(System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path)));
            }

            var clusterId = builder.Configuration[$"{MembershipOptions.SectionName}:{nameof(MembershipOptions.ClusterId)}"] ?? new MembershipOptions().ClusterId;
            if (siloOptions.Storage == "postgres")
            {
                // Logs and the job list go to the same database, so every silo of the cluster sees every job's.
                runtime
                    .UsePostgresStorage(o =>
                    {
                        o.ConnectionString = siloOptions.PostgresConnectionString ?? string.Empty;
                        o.ClusterId = clusterId;
                        o.Schema = siloOptions.PostgresSchema;
                    })
                    .UsePostgresJobLogs()
                    .UsePostgresJobIndex();
            }
            else
            {
                runtime.UseSqliteStorage(o =>
                {
                    o.DataSource = siloOptions.DatabasePath;
                    o.ClusterId = clusterId;
                });
            }

            if (siloOptions.Clustered)
            {
                runtime.UseCluster(
                    cluster => builder.Configuration.GetSection(ClusterOptions.SectionName).Bind(cluster),
                    membership => builder.Configuration.GetSection(MembershipOptions.SectionName).Bind(membership),
                    networking =>
                    {
                        builder.Configuration.GetSection(NetworkingOptions.SectionName).Bind(networking);
                        networking.ClusterId = clusterId;
                    });
            }
        });
        var folders = SharedFolders.Resolve(siloOptions, builder.Configuration);
        builder.Services.Configure<LocalNodeAgentOptions>(o =>
        {
            o.WorkRoot = folders.WorkRoot;
            o.BlobRoot = folders.BlobRoot;
        });
        builder.Services.AddSingleton(folders);
        builder.Services.AddHostedService<SharedFoldersCheck>();
        builder.Services.AddHostedService<SiloIncarnationRecorder>();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<JobExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    public static WebApplication MapJobHubSilo(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapHealthChecks("/health");
        app.MapClusterApi();
        app.MapJobsApi();
        app.MapBundlesApi();
        return app;
    }
}
