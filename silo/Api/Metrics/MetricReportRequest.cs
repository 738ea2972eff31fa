namespace JobHub.Silo.Api.Metrics;

/// <summary>
/// Body of <c>POST /api/v1/jobs/{id}/metrics</c> (and each entry of a batch). Every member is nullable so a missing
/// name or value is refused naming the field instead of silently becoming an empty name or 0.
/// </summary>
public sealed record MetricReportRequest(string? Name, double? Value, DateTimeOffset? Time);
