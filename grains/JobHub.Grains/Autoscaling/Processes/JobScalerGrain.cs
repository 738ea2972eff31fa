using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Autoscaling;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Metrics;
using Microsoft.Extensions.Logging;
using Orleans;

namespace JobHub.Grains.Autoscaling.Processes;

/// <summary>
/// Runs one elastic job's <see cref="ProcessAutoscaler"/>: every <see cref="EvaluationInterval"/> it reads the job's
/// new samples of the rule's metric from <see cref="IJobMetricsGrain"/>, asks the rule for the worker count, and tells
/// the job when it changes. In memory: after a silo restart the job keeps its last count until
/// <see cref="Start"/> is called again (docs/scheduling.md, "Process autoscaler").
/// </summary>
[GrainType("jobscaler")]
internal sealed partial class JobScalerGrain(TimeProvider time, ILogger<JobScalerGrain> logger) : Grain, IJobScalerGrain
{
    /// <summary>How often the rule is evaluated.</summary>
    public static readonly TimeSpan EvaluationInterval = TimeSpan.FromSeconds(1);

    private ProcessAutoscaler? _scaler;
    private IGrainTimer? _timer;
    private DateTimeOffset? _lastSample;
    private int _workers;

    private string JobId => this.GetPrimaryKeyString();

    public async Task Start()
    {
        if (_timer is not null)
        {
            return;
        }

        var job = await GrainFactory.GetGrain<IJobGrain>(JobId).Get();
        if (job.State.IsTerminal() || job.Spec.Distributed?.Scaler is not { } spec)
        {
            return;
        }

        _scaler = new ProcessAutoscaler(ProcessScalerSpecs.ToRule(spec), time);
        _workers = spec.MinWorkers;
        _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(EvaluationInterval, EvaluationInterval) { KeepAlive = true });
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if ((await GrainFactory.GetGrain<IJobGrain>(JobId).Get()).State.IsTerminal())
        {
            _timer?.Dispose();
            _timer = null;
            DeactivateOnIdle();
            return;
        }

        var metrics = await GrainFactory.GetGrain<IJobMetricsGrain>(JobId).Get(_scaler!.Rule.Metric, _lastSample);
        foreach (var sample in metrics.Metrics.SelectMany(m => m.Samples).Where(s => _lastSample is null || s.Time > _lastSample))
        {
            _scaler.Report(sample.Value, sample.Time);
            _lastSample = sample.Time;
        }

        var desired = _scaler.Desired(_workers);
        if (desired == _workers)
        {
            return;
        }

        LogScaling(logger, JobId, _workers, desired, _scaler.Rule.Metric, _scaler.WindowAverage());
        await GrainFactory.GetGrain<IJobGrain>(JobId).ScaleWorkers(desired);
        _workers = desired;
    }
}
