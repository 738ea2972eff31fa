using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Metrics;

/// <summary>The samples kept of one metric, oldest first.</summary>
/// <param name="Name">The metric's name.</param>
/// <param name="Samples">The samples, oldest first (at most <see cref="MetricLimits.MaxSamplesPerName"/>).</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.MetricSeries")]
public sealed record MetricSeries([Id(0)] string Name, [Id(1)] ImmutableArray<MetricSample> Samples);
