using JobHub.Grains.Diagnostics;
using JobHub.Silo.Hosting;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace JobHub.Silo.Telemetry;

/// <summary>
/// OpenTelemetry for a silo: Orleans' own meter and activity sources, JobHub's, ASP.NET Core, HttpClient, the .NET
/// runtime and Npgsql; Prometheus text at <c>/metrics</c> on every silo, and OTLP export when a collector is configured.
/// </summary>
public static class JobHubTelemetryExtensions
{
    private static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage", "Microsoft.Orleans.Lifecycle"];

    public static WebApplicationBuilder AddJobHubTelemetry(this WebApplicationBuilder builder, JobHubSiloOptions silo)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(silo);
        var options = builder.Configuration.GetSection(JobHubTelemetryOptions.SectionName).Get<JobHubTelemetryOptions>() ?? new JobHubTelemetryOptions();
        var otlp = options.OtlpEndpoint ?? (Uri.TryCreate(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var fromEnvironment) ? fromEnvironment : null);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: silo.Name))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter("Microsoft.Orleans", JobMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => Otlp(o, otlp, "v1/metrics"));
                }
            })
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(OrleansActivitySources)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => Otlp(o, otlp, "v1/traces"));
                }
            });
        _ = telemetry;
        return builder;
    }

    private static void Otlp(OtlpExporterOptions o, Uri endpoint, string path)
    {
        o.Protocol = OtlpExportProtocol.HttpProtobuf;
        o.Endpoint = new Uri(endpoint, path);
    }
}
