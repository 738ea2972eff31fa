using JobHub.Agent.Hosting;
using JobHub.Grains.Hosting;
using JobHub.Grains.Identity.Hosting;
using JobHub.Grains.Secrets.Hosting;
using JobHub.Silo.Api;
using JobHub.Silo.Api.Audit;
using JobHub.Silo.Api.Billing;
using JobHub.Silo.Api.Datasets;
using JobHub.Silo.Api.Identity;
using JobHub.Silo.Api.Metrics;
using JobHub.Silo.Api.Pools;
using JobHub.Silo.Api.Problems;
using JobHub.Silo.Api.Projects;
using JobHub.Silo.Api.Secrets;
using JobHub.Silo.Api.Usage;
using JobHub.Silo.Cluster;
using JobHub.Silo.Hosting.Authentication;
using JobHub.Silo.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace JobHub.Silo.Hosting;

/// <summary>Composes the silo: one ASP.NET Core host with an Orleans silo (<c>UseOrleans</c>) beside the REST API, dashboards and metrics.</summary>
public static class JobHubSiloHostingExtensions
{
    /// <summary>The path of Orleans' dashboard on every silo.</summary>
    public const string OrleansDashboardPath = "/dashboard/orleans";

    /// <summary>Adds the silo to <paramref name="builder"/>.</summary>
    /// <exception cref="OptionsValidationException">A setting is bad; the message names each bad one.</exception>
    public static WebApplicationBuilder AddJobHubSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        JobHubSettingsCheck.ThrowIfInvalid(builder.Configuration);
        var siloSection = builder.Configuration.GetSection(JobHubSiloOptions.SectionName);
        var siloOptions = siloSection.Get<JobHubSiloOptions>() ?? new JobHubSiloOptions();
        var clusterSection = builder.Configuration.GetSection(JobHubClusterOptions.SectionName);
        var clusterOptions = clusterSection.Get<JobHubClusterOptions>() ?? new JobHubClusterOptions();
        var runtimeSection = builder.Configuration.GetSection(JobHubRuntimeOptions.SectionName);
        builder.Services.AddOptions<JobHubSiloOptions>().Bind(siloSection).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JobHubSiloOptions>, JobHubSiloOptionsValidator>();
        builder.Services.AddOptions<JobHubClusterOptions>().Bind(clusterSection).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JobHubClusterOptions>, JobHubClusterOptionsValidator>();
        builder.Services.AddOptions<JobHubRuntimeOptions>().Bind(runtimeSection).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JobHubRuntimeOptions>, JobHubRuntimeOptionsValidator>();

        var configuredUrls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"];
        if (string.IsNullOrEmpty(configuredUrls))
        {
            builder.WebHost.UseUrls(siloOptions.DefaultUrl);
        }

        var apiUrl = new Uri((configuredUrls ?? siloOptions.DefaultUrl).Split(';')[0].Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = siloOptions.ShutdownTimeout);

        var tracing = JobHubTelemetryExtensions.OtlpEndpoint(builder.Configuration) is not null;
        builder.UseOrleans(silo =>
        {
            silo.UseJobHubClustering(siloOptions, clusterOptions, builder.Configuration)
                .UseJobHubRuntimeOptions()
                .UseJobHubStorage(siloOptions)
                .AddJobHubGrains(jobs => jobs.ApiUrl = apiUrl)
                .UseJobHubJobStores(siloOptions)

                // Users, groups, tokens, invitations; the first start writes the admin token to the data folder
                // (unless JobHub:Identity:BootstrapAdminToken or AdminTokenDirectory is set).
                .AddJobHubIdentity(o => o.AdminTokenDirectory ??= siloOptions.DataDirectory)

                // Secrets' master keys: JobHub:Secrets:Keys, or one generated into {data}/secrets-key (mode 0600).
                .AddJobHubSecrets(o => o.KeyFileDirectory ??= SecretsKeyDirectory(siloOptions))
                .AddDashboard();
            if (tracing)
            {
                // A REST request's trace goes on through its grain calls, on this silo and others.
                silo.AddActivityPropagation();
            }
        });
        builder.Services.AddSingleton<SiloIncarnationRecorder>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloIncarnationRecorder>());

        var folders = SharedFolders.Resolve(siloOptions, builder.Configuration);
        var processRecordRoot = builder.Configuration[$"{LocalNodeAgentOptions.SectionName}:{nameof(LocalNodeAgentOptions.ProcessRecordRoot)}"];
        builder.Services.Configure<LocalNodeAgentOptions>(o =>
        {
            o.WorkRoot = folders.WorkRoot;
            o.BlobRoot = folders.BlobRoot;

            // Records of running processes belong to this host and this data folder (never the shared one): the next
            // silo on the same data folder kills what this one leaves running if it crashes.
            o.ProcessRecordRoot = string.IsNullOrWhiteSpace(processRecordRoot) ? Path.Combine(siloOptions.DataDirectory, "processes") : processRecordRoot;
        });
        builder.Services.AddSingleton(folders);
        builder.Services.AddHostedService<SharedFoldersCheck>();

        builder.AddJobHubTelemetry(siloOptions);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailDefaults.FillDetail);
        builder.Services.AddExceptionHandler<JobExceptionHandler>();
        builder.Services.AddJobHubAuthentication();
        builder.Services.AddJobHubOidc(builder.Configuration);
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());

            // A misspelt field ("timelimit") is refused by name rather than silently ignored.
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        });
        return builder;
    }

    /// <summary>
    /// Where a generated secrets key lives: the folder every silo of a cluster shares when there is one (the first silo
    /// writes it, the others read the same key), else the silo's data folder.
    /// </summary>
    private static string SecretsKeyDirectory(JobHubSiloOptions silo) =>
        string.IsNullOrWhiteSpace(silo.SharedDataDirectory) ? silo.DataDirectory : silo.SharedDataDirectory;

    public static WebApplication MapJobHubSilo(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseJobHubAuthentication();
        app.MapOpenApi();
        app.MapHealthChecks("/health");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOrleansDashboard(routePrefix: OrleansDashboardPath);
        app.MapClusterApi().ProducesProblems(StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        app.MapJobsApi();
        app.MapNodePoolsApi();
        app.MapJobMetricsApi();
        app.MapIdentityApi();
        app.MapProjectsApi();
        app.MapSecretsApi();
        app.MapDatasetsApi();
        app.MapAuditApi();
        app.MapQuotasApi();
        app.MapUsageApi();
        app.MapBundlesApi().ProducesCommonProblems().ProducesBodyProblems().ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }
}
