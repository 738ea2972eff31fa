using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>
/// One decision of an elastic job's process autoscaler, kept in the job's history (<see cref="JobTransition.Scaling"/>):
/// the metric it read, its last value and its average over the window, and the worker count before and after.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ScalingDecision")]
public sealed record ScalingDecision
{
    /// <summary>The scaler's metric (<c>distributed.scaler.metric</c>).</summary>
    [Id(0)]
    public required string Metric { get; init; }

    /// <summary>The newest sample of the metric the scaler had read; null when it had none.</summary>
    [Id(1)]
    public double? Value { get; init; }

    /// <summary>The metric's average over <see cref="Window"/> that the decision followed; null when the window was empty (a bound applied).</summary>
    [Id(2)]
    public double? Average { get; init; }

    /// <summary>The window averaged over.</summary>
    [Id(3)]
    public TimeSpan Window { get; init; }

    /// <summary>Workers the job kept before the decision.</summary>
    [Id(4)]
    public int WorkersBefore { get; init; }

    /// <summary>Workers it keeps after it.</summary>
    [Id(5)]
    public int WorkersAfter { get; init; }
}
