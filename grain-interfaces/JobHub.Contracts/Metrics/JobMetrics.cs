using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Metrics;

/// <summary>The recent metrics of a job, by name (ordinal order).</summary>
/// <param name="JobId">The job.</param>
/// <param name="Metrics">One series per metric name asked for that has samples.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.JobMetrics")]
public sealed record JobMetrics([Id(0)] string JobId, [Id(1)] ImmutableArray<MetricSeries> Metrics);
