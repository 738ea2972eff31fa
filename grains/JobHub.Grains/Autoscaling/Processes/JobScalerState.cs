using Orleans;

namespace JobHub.Grains.Autoscaling.Processes;

/// <summary>
/// What a job's scaler keeps across activations: the worker count it last set and when (the cool-down counts from
/// there). Written only with a decision. The metric window is not kept: it is read again from the job's metrics.
/// </summary>
[GenerateSerializer]
[Alias("jobhub.JobScalerState")]
internal sealed class JobScalerState
{
    /// <summary>The worker count the scaler last gave the job; null before its first decision (the job starts at <c>minWorkers</c>).</summary>
    [Id(0)]
    public int? Workers { get; set; }

    /// <summary>When it last changed the count; null before its first decision.</summary>
    [Id(1)]
    public DateTimeOffset? LastChange { get; set; }
}
