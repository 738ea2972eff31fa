using JobHub.Grains.Diagnostics;
using JobHub.Silo.Hosting;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace JobHub.Silo.Telemetry;

/// <summary>
/// OpenTelemetry for a silo: Orleans' own meter, JobHub's, ASP.NET Core, HttpClient, the .NET runtime and Npgsql as
/// Prometheus text at <c>/metrics</c> on every silo; with a collector configured, also traces (Orleans' activity
/// sources, ASP.NET Core, HttpClient, Npgsql) and metrics over OTLP.
/// </summary>
/// <remarks>
/// Traces are recorded only when they go somewhere: an activity per grain call costs about 1 ms of silo CPU per job
/// (benchmarks/README.md), which buys nothing without an exporter.
/// </remarks>
public static class JobHubTelemetryExtensions
{
    private static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage", "Microsoft.Orleans.Lifecycle"];

    public static WebApplicationBuilder AddJobHubTelemetry(this WebApplicationBuilder builder, JobHubSiloOptions silo)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(silo);
        var options = Options(builder.Configuration);
        var otlp = OtlpEndpoint(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: silo.Name))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter("Microsoft.Orleans", JobMetrics.MeterName, NodePoolMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => Otlp(o, otlp, "v1/metrics"));
                }
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(OrleansActivitySources)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o => Otlp(o, otlp, "v1/traces")));
        }

        return builder;
    }

    /// <summary>The OpenTelemetry collector to export to (<c>JobHub:Telemetry:OtlpEndpoint</c>, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), or null.</summary>
    public static Uri? OtlpEndpoint(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Options(configuration).OtlpEndpoint
            ?? (Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var fromEnvironment) ? fromEnvironment : null);
    }

    private static JobHubTelemetryOptions Options(IConfiguration configuration) =>
        configuration.GetSection(JobHubTelemetryOptions.SectionName).Get<JobHubTelemetryOptions>() ?? new JobHubTelemetryOptions();

    private static void Otlp(OtlpExporterOptions o, Uri endpoint, string path)
    {
        o.Protocol = OtlpExportProtocol.HttpProtobuf;
        o.Endpoint = new Uri(endpoint, path);
    }
}
