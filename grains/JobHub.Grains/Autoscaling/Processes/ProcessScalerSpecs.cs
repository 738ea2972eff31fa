using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;

namespace JobHub.Grains.Autoscaling.Processes;

/// <summary>A job spec's scaler (<c>distributed.scaler</c>) as a <see cref="ProcessScalerRule"/>, and its checks at submit.</summary>
public static class ProcessScalerSpecs
{
    /// <summary>The rule of <paramref name="spec"/>.</summary>
    public static ProcessScalerRule ToRule(ProcessScalerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ProcessScalerRule
        {
            Metric = spec.Metric,
            Window = spec.Window,
            MinWorkers = spec.MinWorkers,
            MaxWorkers = spec.MaxWorkers,
            TargetPerWorker = spec.TargetPerWorker,
            MaxStepUp = spec.MaxStepUp,
            MaxStepDown = spec.MaxStepDown,
            CoolDown = spec.CoolDown,
        };
    }

    /// <summary>Every problem of the job's scaler by field (<c>distributed.scaler.maxWorkers</c>, …); empty without a scaler or when it is valid.</summary>
    public static Dictionary<string, string[]> Problems(JobSpec spec) => ProcessScalerSpecValidator.Problems(spec);
}
