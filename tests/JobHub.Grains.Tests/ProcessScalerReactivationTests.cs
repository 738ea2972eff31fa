using JobHub.Contracts.Jobs;
using JobHub.Contracts.Metrics;
using JobHub.GrainInterfaces.Autoscaling;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Metrics;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Orleans;
using Orleans.Core.Internal;

namespace JobHub.Grains.Tests;

/// <summary>
/// An elastic job's process autoscaler after its grains were deactivated (as after a failover or idle collection): it
/// starts again by itself, knows the count it set, keeps its cool-down, and records each decision in the job's history.
/// </summary>
public sealed class ProcessScalerReactivationTests : IAsyncLifetime
{
    private static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(6);

    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ScalerJobAndMetrics_Deactivated_ScalingGoesOn_FromTheCountItSet_AfterItsCoolDown()
    {
        var spec = JobsHost.Shell("exec sleep 300") with
        {
            Mode = JobMode.Distributed,
            ProcessResources = new ProcessResources(0.1m, 64),
            Distributed = new DistributedSpec
            {
                Nodes = 1, ProcessesPerNode = 5, Pool = WorkerPoolKind.Elastic,
                Scaler = new ProcessScalerSpec
                {
                    Metric = "queue_length", Window = TimeSpan.FromSeconds(1), MinWorkers = 1, MaxWorkers = 4, TargetPerWorker = 10,
                    MaxStepUp = 4, MaxStepDown = 4, CoolDown = CoolDown,
                },
            },
        };
        var (jobId, _) = await _host.SubmitAsync(spec);

        var grown = await WaitForDecisionAsync(jobId, queueLength: 40, before: 1, after: 4);
        Assert.Equal(new ScalingDecision { Metric = "queue_length", Value = 40, Average = 40, Window = TimeSpan.FromSeconds(1), WorkersBefore = 1, WorkersAfter = 4 }, grown.Scaling);
        Assert.Equal(JobState.Running, grown.State);
        Assert.Equal("scaler: 1 -> 4 workers (queue_length last 40, average 40 over 00:00:01)", grown.Reason);

        // Every grain of the decision goes away; its metrics (in memory) with it.
        await _host.Grains.GetGrain<IJobScalerGrain>(jobId).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await _host.Grains.GetGrain<IJobMetricsGrain>(jobId).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await _host.Job(jobId).AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        // The queue drained: a scaler that forgot its count (4) would see nothing to change at the minimum, 1; one that
        // forgot its last change would shrink at once, inside the cool-down.
        var shrunk = await WaitForDecisionAsync(jobId, queueLength: 0, before: 4, after: 1);
        Assert.True(shrunk.Time - grown.Time >= CoolDown, $"shrunk {shrunk.Time - grown.Time} after growing, inside the cool-down of {CoolDown}");
        Assert.Equal(0, shrunk.Scaling!.Average);
        await Eventually.WaitUntilAsync(
            async () => (await _host.Job(jobId).GetWorkers()).Count(w => w.Index > 0 && w.Status == WorkerStatus.Running) == 1,
            "the job runs 1 worker again");

        var history = await _host.Job(jobId).GetHistory();
        Assert.Equal([(1, 4), (4, 1)], history.Where(t => t.Scaling is not null).Select(t => (t.Scaling!.WorkersBefore, t.Scaling.WorkersAfter)));
        await _host.Job(jobId).Stop(JobsHost.Owner, "test over");
    }

    /// <summary>Reports the queue length every 200 ms until the job's history holds the decision <paramref name="before"/> → <paramref name="after"/>.</summary>
    private async Task<JobTransition> WaitForDecisionAsync(string jobId, double queueLength, int before, int after)
    {
        JobTransition? found = null;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await _host.Grains.GetGrain<IJobMetricsGrain>(jobId).Report([new MetricReport("queue_length", queueLength)], batch: false);
                found = (await _host.Job(jobId).GetHistory()).LastOrDefault(t => t.Scaling is { } s && s.WorkersBefore == before && s.WorkersAfter == after);
                return found is not null;
            },
            $"the scaler of {jobId} goes from {before} to {after} workers",
            TimeSpan.FromSeconds(30));
        return found!;
    }
}
