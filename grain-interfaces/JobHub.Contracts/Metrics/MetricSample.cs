using Orleans;

namespace JobHub.Contracts.Metrics;

/// <summary>One value of a job's metric.</summary>
/// <param name="Time">When the value was measured (the reporter's time, or the silo's when the report gave none).</param>
/// <param name="Value">The value: a finite number.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.MetricSample")]
public sealed record MetricSample([Id(0)] DateTimeOffset Time, [Id(1)] double Value);
