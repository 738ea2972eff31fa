using System.Collections.Immutable;

namespace JobHub.Silo.Api.Metrics;

/// <summary>Body of <c>POST /api/v1/jobs/{id}/metrics/batch</c>: 1 to 100 reports, kept all or none.</summary>
public sealed record MetricBatchRequest(ImmutableArray<MetricReportRequest?>? Samples);
