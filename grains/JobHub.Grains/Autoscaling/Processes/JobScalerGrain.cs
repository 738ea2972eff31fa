using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Autoscaling;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Metrics;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Autoscaling.Processes;

/// <summary>
/// Runs one elastic job's <see cref="ProcessAutoscaler"/>: every <see cref="EvaluationInterval"/> it reads the job's
/// new samples of the rule's metric from <see cref="IJobMetricsGrain"/>, asks the rule for the worker count, and tells
/// the job when it changes (<see cref="IJobGrain.ScaleWorkers"/>, which records the decision in the job's history).
/// </summary>
/// <remarks>
/// The count it set and when are persisted with each decision (<see cref="JobScalerState"/>), and the job's history
/// records each decision the job applied, so a new activation keeps the cool-down and knows the job's count. The window is not: a new activation reads the job's samples again from
/// <see cref="IJobMetricsGrain"/> (all it still holds; the rule keeps those inside the window). Those are in memory
/// too, so after a silo restart the window fills again from the job's next reports, and without samples the scaler
/// changes nothing. Whoever may find the scaler gone calls <see cref="Start"/> again: the job at each activation and
/// reconcile, the metrics grain at its first report (docs/scheduling.md, "Process autoscaler").
/// </remarks>
[GrainType("jobscaler")]
internal sealed partial class JobScalerGrain(
    TimeProvider time,
    ILogger<JobScalerGrain> logger,
    [PersistentState("jobScaler")] IPersistentState<JobScalerState> state) : Grain, IJobScalerGrain
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
            if (state.RecordExists)
            {
                await state.ClearStateAsync();
            }

            DeactivateOnIdle();
            return;
        }

        // The job's history holds the count it last applied (its newest scaling step is always kept): that is the truth
        // when this grain's own write after a decision was lost; the cool-down runs from the later of the two times.
        var applied = job.History.LastOrDefault(t => t.Scaling is not null);
        _workers = applied?.Scaling!.WorkersAfter ?? state.State.Workers ?? spec.MinWorkers;
        var lastChange = applied is null || state.State.LastChange > applied.Time ? state.State.LastChange : applied.Time;
        _scaler = new ProcessAutoscaler(ProcessScalerSpecs.ToRule(spec), time, lastChange);
        _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(EvaluationInterval, EvaluationInterval) { KeepAlive = true });
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if ((await GrainFactory.GetGrain<IJobGrain>(JobId).Get()).State.IsTerminal())
        {
            _timer?.Dispose();
            _timer = null;
            await state.ClearStateAsync(CancellationToken.None);
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

        var average = _scaler.WindowAverage();
        LogScaling(logger, JobId, _workers, desired, _scaler.Rule.Metric, average);
        await GrainFactory.GetGrain<IJobGrain>(JobId).ScaleWorkers(new ScalingDecision
        {
            Metric = _scaler.Rule.Metric,
            Value = _scaler.LastValue,
            Average = average,
            Window = _scaler.Rule.Window,
            WorkersBefore = _workers,
            WorkersAfter = desired,
        });
        _workers = desired;
        state.State.Workers = desired;
        state.State.LastChange = _scaler.LastChange;
        await state.WriteStateAsync(CancellationToken.None);
    }
}
