using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>
/// An elastic job's process autoscaler (<c>distributed.scaler</c>): JobHub averages the metric the job reports
/// (<c>POST /api/v1/jobs/{id}/metrics</c>) over <see cref="Window"/> and keeps ⌈average ÷ <see cref="TargetPerWorker"/>⌉
/// workers, within <see cref="MinWorkers"/>..<see cref="MaxWorkers"/> and the job's own worker count, changing by at most
/// a step per change and at most once per <see cref="CoolDown"/>. Bounds: docs/scheduling.md, "Process autoscaler".
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ProcessScalerSpec")]
public sealed record ProcessScalerSpec
{
    /// <summary>The metric's name (the metric rules: 1–64 characters of <c>A–Z a–z 0–9 . _ -</c>, starting with a letter).</summary>
    [Id(0)]
    public string Metric { get; init; } = string.Empty;

    /// <summary>Samples averaged over this window. Default 1 minute; 1 second to 1 hour.</summary>
    [Id(1)]
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Fewest workers. Default 1; 0 to 10,000.</summary>
    [Id(2)]
    public int MinWorkers { get; init; } = 1;

    /// <summary>Most workers. Default 10; MinWorkers to 10,000, and at most the job's workers (nodes × processes per node − 1).</summary>
    [Id(3)]
    public int MaxWorkers { get; init; } = 10;

    /// <summary>Metric value one worker handles. Default 10; above 0, at most 1e9.</summary>
    [Id(4)]
    public double TargetPerWorker { get; init; } = 10;

    /// <summary>Most workers added in one change. Default 4; 1 to 1,000.</summary>
    [Id(5)]
    public int MaxStepUp { get; init; } = 4;

    /// <summary>Most workers removed in one change. Default 2; 1 to 1,000.</summary>
    [Id(6)]
    public int MaxStepDown { get; init; } = 2;

    /// <summary>Least time between two changes. Default 30 seconds; 0 to 1 hour.</summary>
    [Id(7)]
    public TimeSpan CoolDown { get; init; } = TimeSpan.FromSeconds(30);
}
