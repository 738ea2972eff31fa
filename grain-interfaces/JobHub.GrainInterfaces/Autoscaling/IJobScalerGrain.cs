using Orleans;
using Orleans.Concurrency;

namespace JobHub.GrainInterfaces.Autoscaling;

/// <summary>
/// The process autoscaler of one elastic job (key: the job id): every second it feeds the job's new metric samples to
/// the rule and tells the job how many workers to keep, until the job ends.
/// </summary>
[Alias("jobhub.IJobScalerGrain")]
public interface IJobScalerGrain : IGrainWithStringKey
{
    /// <summary>Starts (or keeps) evaluating the job's scaler (one-way: the job calls it and must not wait for the scaler's call back).</summary>
    [OneWay]
    Task Start();
}
