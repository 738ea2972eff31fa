namespace JobHub.Silo.Telemetry;

/// <summary>Where the silo's traces and metrics go besides <c>/metrics</c> (section <c>JobHub:Telemetry</c>).</summary>
public sealed class JobHubTelemetryOptions
{
    public const string SectionName = "JobHub:Telemetry";

    /// <summary>
    /// An OpenTelemetry collector (OTLP over HTTP/protobuf, e.g. <c>http://otel-collector:4318</c>) that receives traces
    /// and metrics; none by default. The standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable works too.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The service name in exported telemetry. Default <c>jobhub-silo</c>.</summary>
    public string ServiceName { get; set; } = "jobhub-silo";
}
