using Orleans;

namespace JobHub.Contracts.Metrics;

/// <summary>A value a job reports for one of its metrics (<c>POST /api/v1/jobs/{id}/metrics</c>).</summary>
/// <param name="Name">The metric: 1–64 characters of <c>A–Z a–z 0–9 . _ -</c>, starting with a letter.</param>
/// <param name="Value">A finite number.</param>
/// <param name="Time">When it was measured; the silo's time when null. At most <see cref="MetricLimits.MaxFutureSkew"/> ahead of the silo's clock.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.MetricReport")]
public sealed record MetricReport([Id(0)] string Name, [Id(1)] double Value, [Id(2)] DateTimeOffset? Time = null);
