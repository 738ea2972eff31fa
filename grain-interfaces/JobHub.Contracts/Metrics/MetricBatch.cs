using System.Collections.Immutable;

namespace JobHub.Contracts.Metrics;

/// <summary>Several reports at once (<c>POST /api/v1/jobs/{id}/metrics/batch</c>): all are kept, or none when one is refused.</summary>
/// <param name="Samples">1 to <see cref="MetricLimits.MaxBatchSize"/> reports.</param>
public sealed record MetricBatch(ImmutableArray<MetricReport> Samples);
